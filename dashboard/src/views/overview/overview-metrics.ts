import type { MessageKey } from '../../i18n/en.js';
import type { MetricUnit } from '../../ui/metric-format.js';
import type { Overview, TimeseriesMetric } from '../../api/pending-contract.js';

export interface OverviewMetric {
  key: TimeseriesMetric & keyof Overview;
  label: MessageKey;
  unit: MetricUnit;
  higherIsBetter: boolean;
}

const m = (key: OverviewMetric['key'], unit: MetricUnit, higherIsBetter = true): OverviewMetric => ({ key, label: `metric.${key}`, unit, higherIsBetter });

/** The traffic row of the overview: each card also picks the main graph's metric. */
export const TRAFFIC_METRICS: OverviewMetric[] = [
  m('visitors', 'count'),
  m('sessions', 'count'),
  m('pageviews', 'count'),
  m('bounceRate', 'percent', false),
  m('avgEngagementMs', 'duration'),
  m('conversionRate', 'percent'),
  m('returningVisitorRate', 'percent'),
];

/** How customers feel: the three scores and the complaints (with their handling). */
export const CX_METRICS: OverviewMetric[] = [m('nps', 'score'), m('csat', 'percent'), m('ces', 'score'), m('complaints', 'count', false)];

export const GRAPH_METRICS = [...TRAFFIC_METRICS, ...CX_METRICS];
export const DEFAULT_METRIC: OverviewMetric = TRAFFIC_METRICS[0]!;
export const findMetric = (key: string | null) => GRAPH_METRICS.find((x) => x.key === key) ?? DEFAULT_METRIC;
