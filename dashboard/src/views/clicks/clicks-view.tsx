import type { ClicksResponse } from '@loupe/shared';
import { readUrl } from '../../api/read-urls.js';
import { useApi } from '../../api/use-api.js';
import { t } from '../../i18n/catalogue.js';
import { formatCount } from '../../i18n/format.js';
import { Link } from '../../router/link.js';
import { appHref, navigate } from '../../router/location.js';
import { useViewState } from '../../state/use-view-state.js';
import { changeQuery } from '../../state/view-state.js';
import { BarTable } from '../../ui/bar-table.js';
import { Panel } from '../../ui/panel.js';
import { ApiContent } from '../../ui/api-content.js';
import { IgnoredFilters } from '../../ui/ignored-filters.js';
import { Choice } from '../../ui/tabs.js';
import { filterHref } from '../../state/filter-href.js';
import { SampledNote } from '../../ui/sampled-note.js';

type Row = ClicksResponse['clicks'][number];
const KINDS = ['', 'rage', 'dead', 'error', 'click'] as const;

/** Rage, dead and error clicks by element and page (where visitors fight the site), or the most clicked elements. */
export function View() {
  const state = useViewState();
  const kind = (KINDS.find((k) => k && k === state.query.get('kind')) ?? '') as (typeof KINDS)[number];
  const { data, error } = useApi<ClicksResponse>(readUrl('clicks', state, { kind: kind || undefined, limit: 100 }));
  return (
    <Panel
      id="clicks"
      title={kind === 'click' ? t('clicks.mostClicked') : t('clicks.title')}
      actions={
        <Choice
          label={t('clicks.kind')}
          value={kind}
          options={KINDS.map((k) => ({ value: k, label: k ? t(`clicks.${k}`) : t('clicks.all') }))}
          onChange={(k) =>
            navigate(appHref('clicks', changeQuery(state.query, { kind: k || undefined })), { replace: true })
          }
        />
      }
    >
      <IgnoredFilters route="clicks" filters={state.filters} />
      {/* Outside the content: "no such clicks" found in a sample is an estimate too. */}
      <SampledNote sampled={data?.sampled} />
      <ApiContent
        data={data}
        error={error}
        rows={5}
        isEmpty={(d) => d.clicks.length === 0}
        emptyTitle={kind === 'click' ? t('clicks.plainEmpty') : t('clicks.empty')}
      >
        {(data) => (
          <BarTable<Row>
            caption={kind === 'click' ? t('clicks.mostClicked') : t('clicks.title')}
            labelHeader={t('clicks.selector')}
            rows={data.clicks}
            rowKey={(r) => `${r.path}\u0000${r.selector}`}
            label={(r) => r.selector}
            bar={(r) => r.events}
            columns={[
              {
                key: 'page',
                label: t('clicks.page'),
                render: (r) => (
                  <Link class="cell-link" href={filterHref('clicks', state, 'path', r.path)}>
                    {r.path}
                  </Link>
                ),
              },
              {
                key: 'events',
                label: kind === 'click' ? t('clicks.clicks') : t('clicks.events'),
                numeric: true,
                render: (r) => formatCount(r.events),
              },
              {
                key: 'rage',
                label: t('clicks.rage'),
                numeric: true,
                secondary: true,
                render: (r) => formatCount(r.rage),
              },
              {
                key: 'dead',
                label: t('clicks.dead'),
                numeric: true,
                secondary: true,
                render: (r) => formatCount(r.dead),
              },
              {
                key: 'error',
                label: t('clicks.error'),
                numeric: true,
                secondary: true,
                render: (r) => formatCount(r.error),
              },
            ]}
          />
        )}
      </ApiContent>
    </Panel>
  );
}
