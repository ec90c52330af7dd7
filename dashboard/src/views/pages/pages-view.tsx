import type { PageStats, PagesResponse } from '@loupe/shared';
import { VITAL_NAMES } from '@loupe/shared/constants';
import { useState } from 'preact/hooks';
import { readUrl } from '../../api/read-urls.js';
import { useApi } from '../../api/use-api.js';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatDuration, formatPercent } from '../../i18n/format.js';
import { appHref, navigate } from '../../router/location.js';
import { useViewState } from '../../state/use-view-state.js';
import { changeQuery } from '../../state/view-state.js';
import { BarTable } from '../../ui/bar-table.js';
import { Panel } from '../../ui/panel.js';
import { ApiErrorState, LoadingState } from '../../ui/states.js';
import { Choice } from '../../ui/tabs.js';
import { filterHref } from '../../state/filter-href.js';
import { frictionOf, VitalBadge } from '../../ui/vital-badge.js';

const DEVICES = ['', 'desktop', 'mobile', 'tablet'] as const;
const PAGE_SIZE = 100;

/** Every page with its experience: traffic, friction and Web Vitals p75, by device. */
export function View() {
  const state = useViewState();
  const [limit, setLimit] = useState(PAGE_SIZE);
  const { data, error, fresh } = useApi<PagesResponse>(readUrl('pages', state, { limit }));
  const device = state.filters.device ?? '';
  return (
    <Panel
      id="pages"
      title={t('pages.title')}
      actions={
        <Choice
          label={t('pages.byDevice')}
          value={device}
          options={DEVICES.map((d) => ({ value: d, label: d ? t(`device.${d}`) : t('pages.allDevices') }))}
          onChange={(d) => navigate(appHref('pages', changeQuery(state.query, { device: d || undefined })))}
        />
      }
    >
      <p class="hint">{t('pages.legend')}</p>
      {error && !data ? (
        <ApiErrorState error={error} />
      ) : !data ? (
        <LoadingState rows={6} />
      ) : (
        <div class={fresh ? undefined : 'stale'}>
          <BarTable<PageStats>
            caption={t('pages.title')}
            labelHeader={t('table.page')}
            rows={data.pages}
            rowKey={(p) => p.path}
            label={(p) => p.path}
            href={(p) => filterHref('', state, 'path', p.path)}
            active={(p) => state.filters.path === p.path}
            bar={(p) => p.views}
            columns={[
              { key: 'views', label: t('metric.views'), numeric: true, render: (p) => formatCount(p.views, true) },
              {
                key: 'bounce',
                label: t('pages.bounce'),
                numeric: true,
                secondary: true,
                render: (p) => formatPercent(p.bounceRate),
              },
              {
                key: 'eng',
                label: t('pages.engagement'),
                numeric: true,
                secondary: true,
                render: (p) => formatDuration(p.avgEngagementMs),
              },
              {
                key: 'scroll',
                label: t('pages.scroll'),
                numeric: true,
                secondary: true,
                render: (p) => formatPercent(p.avgScrollDepth),
              },
              {
                key: 'friction',
                label: t('metric.friction'),
                numeric: true,
                secondary: true,
                render: (p) => formatCount(frictionOf(p)),
              },
              ...VITAL_NAMES.map((name) => ({
                key: name,
                label: name,
                numeric: true,
                secondary: name !== 'LCP' && name !== 'INP',
                render: (p: PageStats) => <VitalBadge name={name} vital={p.vitals[name]} />,
              })),
            ]}
            footer={
              data.totalPages > data.pages.length &&
              limit < 500 && (
                <p class="panel-foot">
                  <button type="button" class="button" onClick={() => setLimit(500)}>
                    {t('table.more')}
                  </button>
                </p>
              )
            }
          />
        </div>
      )}
    </Panel>
  );
}
