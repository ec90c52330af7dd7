import type { PageStats, PagesResponse } from '@loupe/shared';
import { readUrl } from '../../api/read-urls.js';
import { useApi } from '../../api/use-api.js';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatDuration, formatPercent } from '../../i18n/format.js';
import { Link } from '../../router/link.js';
import { appHref } from '../../router/location.js';
import { useViewState } from '../../state/use-view-state.js';
import type { ViewState } from '../../state/view-state.js';
import { BarTable } from '../../ui/bar-table.js';
import { Panel } from '../../ui/panel.js';
import { ApiErrorState, LoadingState } from '../../ui/states.js';
import { frictionOf, VitalBadge } from '../../ui/vital-badge.js';
import { filterHref } from '../../state/filter-href.js';

export const pagesPanelUrl = (state: ViewState & { siteId: string; tz: string }) =>
  readUrl('pages', state, { limit: 10 });

/** Top pages with the figures behind their experience; a row filters the overview by its path. */
export function PagesPanel() {
  const state = useViewState();
  const { data, error } = useApi<PagesResponse>(pagesPanelUrl(state));
  return (
    <Panel id="top-pages" title={t('table.pages')} class="wide">
      {error && !data ? (
        <ApiErrorState error={error} />
      ) : !data ? (
        <LoadingState />
      ) : (
        <BarTable<PageStats>
          caption={t('table.pages')}
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
              label: t('metric.bounceRate'),
              numeric: true,
              secondary: true,
              render: (p) => formatPercent(p.bounceRate),
            },
            {
              key: 'engagement',
              label: t('metric.avgEngagementMs'),
              numeric: true,
              secondary: true,
              render: (p) => formatDuration(p.avgEngagementMs),
            },
            { key: 'friction', label: t('metric.friction'), numeric: true, render: (p) => formatCount(frictionOf(p)) },
            {
              key: 'lcp',
              label: t('metric.lcp'),
              numeric: true,
              secondary: true,
              render: (p) => <VitalBadge name="LCP" vital={p.vitals.LCP} />,
            },
          ]}
          footer={
            data.totalPages > data.pages.length && (
              <p class="panel-foot">
                <Link href={appHref('pages', state.query)}>{t('table.more')}</Link>
              </p>
            )
          }
        />
      )}
    </Panel>
  );
}
