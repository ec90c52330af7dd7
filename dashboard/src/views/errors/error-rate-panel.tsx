import type { ErrorRateResponse } from '@loupe/shared';
import { readUrl } from '../../api/read-urls.js';
import { useApi } from '../../api/use-api.js';
import { t } from '../../i18n/catalogue.js';
import { formatCount, formatPercent } from '../../i18n/format.js';
import { appHref, navigate } from '../../router/location.js';
import { useViewState } from '../../state/use-view-state.js';
import { changeQuery } from '../../state/view-state.js';
import { ApiContent } from '../../ui/api-content.js';
import { BarTable } from '../../ui/bar-table.js';
import { rawValue } from '../../ui/metric-format.js';
import { Panel } from '../../ui/panel.js';
import { Sparkline } from '../../ui/sparkline.js';
import { Choice } from '../../ui/tabs.js';
import { SampledNote } from '../../ui/sampled-note.js';

const BYS = ['page', 'browser', 'release'] as const;
type Group = NonNullable<ErrorRateResponse['groups']>[number];

/** The series in words: the highest rate and where. */
function trendLabel(data: ErrorRateResponse): string {
  const rates = data.series.map((p) => p.errorRate ?? 0);
  const peak = rates.reduce((best, v, i) => (v > (rates[best] ?? 0) ? i : best), 0);
  return t('errorRate.trendLabel', { peak: formatPercent(rates[peak]), period: data.series[peak]?.period ?? '' });
}

/** The share of sessions that met a JavaScript error, over the period and by page, browser or release. */
export function ErrorRatePanel() {
  const state = useViewState();
  const asked = state.query.get('rateBy');
  const by = BYS.find((b) => b === asked) ?? 'page';
  // Releases are kept per session, not per page: under a path filter the groups are pages' own.
  const { data, error } = useApi<ErrorRateResponse>(
    readUrl('errorRate', state, { by: state.filters.path && by === 'release' ? 'browser' : by, limit: 10 }),
  );
  return (
    <Panel
      id="error-rate"
      title={t('errorRate.title')}
      actions={
        <Choice
          label={t('errorRate.by')}
          value={by}
          options={BYS.map((b) => ({ value: b, label: t(`errorRate.${b}`) }))}
          onChange={(b) =>
            navigate(appHref('errors', changeQuery(state.query, { rateBy: b === 'page' ? undefined : b })), {
              replace: true,
            })
          }
        />
      }
    >
      {/* Outside the content: no sessions found in a sample is an estimate too. */}
      <SampledNote sampled={data?.sampled} />
      <ApiContent
        data={data}
        error={error}
        rows={3}
        isEmpty={(d) => d.total.sessions === 0}
        emptyTitle={t('errorRate.empty')}
      >
        {(data) => (
          <div class="error-rate">
            <div class="error-rate-head">
              <p class="error-rate-figure">
                <span class="figure" data-metric="errorRate" data-value={rawValue(data.total.errorRate)}>
                  {formatPercent(data.total.errorRate)}
                </span>{' '}
                <span class="muted">
                  {t('errorRate.rate')} ·{' '}
                  {t('errorRate.of', {
                    errors: formatCount(data.total.errorSessions),
                    sessions: formatCount(data.total.sessions),
                  })}
                </span>
              </p>
              <Sparkline
                values={data.series.map((p) => p.errorRate ?? 0)}
                label={trendLabel(data)}
                width={160}
                height={32}
              />
            </div>
            <BarTable<Group>
              caption={t('errorRate.title')}
              labelHeader={t(`errorRate.${by}`)}
              rows={data.groups ?? []}
              rowKey={(g) => g.key}
              label={(g) => (g.key === '' ? t('errorRate.noRelease') : g.key)}
              bar={(g) => g.errorRate ?? 0}
              columns={[
                {
                  key: 'rate',
                  label: t('errorRate.title'),
                  numeric: true,
                  render: (g) => <span data-value={rawValue(g.errorRate)}>{formatPercent(g.errorRate)}</span>,
                },
                {
                  key: 'errorSessions',
                  label: t('errorRate.errorSessions'),
                  numeric: true,
                  secondary: true,
                  render: (g) => formatCount(g.errorSessions),
                },
                {
                  key: 'sessions',
                  label: t('errorRate.sessions'),
                  numeric: true,
                  secondary: true,
                  render: (g) => formatCount(g.sessions),
                },
              ]}
            />
          </div>
        )}
      </ApiContent>
    </Panel>
  );
}
