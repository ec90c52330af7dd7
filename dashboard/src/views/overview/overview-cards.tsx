import { t } from '../../i18n/catalogue.js';
import { formatCount, formatDuration } from '../../i18n/format.js';
import type { OverviewResponse as Overview } from '@loupe/shared';
import { MetricCard } from '../../ui/metric-card.js';
import { rawValue } from '../../ui/metric-format.js';
import { CX_METRICS, type OverviewMetric, TRAFFIC_METRICS } from './overview-metrics.js';

interface Props {
  overview: Overview | undefined;
  /** The median engaged time per session (/v1/metrics/engagement), beside the mean; undefined: not shown. */
  medianEngagementMs?: number | null | undefined;
  stale: boolean;
  metric: OverviewMetric;
  onMetric: (m: OverviewMetric) => void;
}

/** The two rows of headline figures; each carries data-metric and the raw data-value. */
export function OverviewCards({ overview, medianEngagementMs, stale, metric, onMetric }: Props) {
  const card = (m: OverviewMetric) => (
    <MetricCard
      key={m.key}
      metric={m.key}
      label={t(m.label)}
      unit={m.unit}
      higherIsBetter={m.higherIsBetter}
      change={overview?.[m.key]}
      loading={stale}
      selected={metric.key === m.key}
      onSelect={m.graph ? () => onMetric(m) : undefined}
    >
      {m.key === 'avgEngagementMs' && medianEngagementMs !== undefined && (
        <span class="card-detail" data-metric="medianEngagementMs" data-value={rawValue(medianEngagementMs)}>
          {t('card.medianEngagement', { time: formatDuration(medianEngagementMs) })}
        </span>
      )}
      {m.key === 'complaints' && overview && (
        <span class="card-detail">
          <span data-metric="openComplaints" data-value={stale ? undefined : rawValue(overview.openComplaints.value)}>
            {t('card.open', { n: formatCount(overview.openComplaints.value) })}
          </span>
          <br />
          <span
            data-metric="medianTimeToResolveMs"
            data-value={stale ? undefined : rawValue(overview.medianTimeToResolveMs.value)}
          >
            {t('card.timeToResolve', { time: formatDuration(overview.medianTimeToResolveMs.value) })}
          </span>
        </span>
      )}
    </MetricCard>
  );
  // Figures the server does not report (an older server) are left out rather than shown empty.
  const present = (m: OverviewMetric) => !overview || overview[m.key] !== undefined;
  return (
    <div class="cards-block">
      <section class="cards" aria-label={t('overview.traffic')}>
        {TRAFFIC_METRICS.filter(present).map(card)}
      </section>
      <section class="cards cx" aria-label={t('overview.feelings')}>
        {CX_METRICS.filter(present).map(card)}
      </section>
    </div>
  );
}
