import type { TouchpointsResponse } from '@loupe/shared';
import { readUrl } from '../../api/read-urls.js';
import { useApi } from '../../api/use-api.js';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatScore } from '../../i18n/format.js';
import type { ViewState } from '../../state/view-state.js';
import { ApiContent } from '../../ui/api-content.js';
import { BarTable } from '../../ui/bar-table.js';
import { IgnoredFilters } from '../../ui/ignored-filters.js';
import { Panel } from '../../ui/panel.js';
import { SampledNote } from '../../ui/sampled-note.js';

interface Row {
  key: string;
  label: string;
  pages: number | null;
  responses: number;
  score: number | null;
  detractors: number;
}

/** The score where answers were given: each page group, then the pages in no group. */
export function TouchpointsPanel({ state, kind }: { state: ViewState & { tz: string; siteId: string }; kind: string }) {
  const { data, error } = useApi<TouchpointsResponse>(readUrl('touchpoints', state, { kind, limit: 10 }));
  return (
    <Panel id="touchpoints" title={t('touchpoints.title')}>
      <p class="muted">{t('touchpoints.body')}</p>
      <IgnoredFilters route="touchpoints" filters={state.filters} />
      <SampledNote sampled={data?.sampled} />
      <ApiContent
        data={data}
        error={error}
        isEmpty={(d) => d.groups.every((g) => g.responses === 0) && d.pages.length === 0}
        emptyTitle={t('touchpoints.empty')}
      >
        {(d) => {
          const rows: Row[] = [
            ...d.groups.filter((g) => g.responses > 0).map((g) => ({ ...g, key: `g:${g.id}`, label: g.name })),
            ...d.pages.map((p) => ({ ...p, key: `p:${p.path}`, label: p.path, pages: null })),
          ];
          return (
            <>
              <BarTable
                caption={t('touchpoints.title')}
                labelHeader={t('touchpoints.touchpoint')}
                rows={rows}
                rowKey={(r) => r.key}
                label={(r) => (r.pages === null ? r.label : `${r.label} · ${t('touchpoints.pages', { n: r.pages })}`)}
                bar={(r) => r.responses}
                columns={[
                  {
                    key: 'responses',
                    label: t('metric.responses'),
                    numeric: true,
                    render: (r) => formatCount(r.responses),
                  },
                  { key: 'score', label: t('scores.score'), numeric: true, render: (r) => formatScore(r.score) },
                  {
                    key: 'detractors',
                    label: t('scores.detractors'),
                    numeric: true,
                    render: (r) => formatCount(r.detractors),
                  },
                ]}
              />
              {d.otherPages > 0 && <p class="muted">{t('touchpoints.more', { n: d.otherPages })}</p>}
            </>
          );
        }}
      </ApiContent>
    </Panel>
  );
}
