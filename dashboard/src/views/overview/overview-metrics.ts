import type { OverviewResponse, TimeseriesPoint } from '@loupe/shared';
import type { MessageKey } from '../../i18n/en.js';
import type { MetricUnit } from '../../ui/metric-format.js';

type ChangeKey = {
  [K in keyof OverviewResponse]-?: NonNullable<OverviewResponse[K]> extends { changePercent: unknown } ? K : never;
}[keyof OverviewResponse];
/** Figures the time series carries per bucket (the main graph can show them). */
export type GraphKey = Exclude<keyof TimeseriesPoint, 'period' | 'from' | 'to'>;

export interface OverviewMetric {
  key: ChangeKey;
  label: MessageKey;
  unit: MetricUnit;
  higherIsBetter: boolean;
  /** The time series' name of the figure, when the main graph can show it. */
  graph?: GraphKey;
}

const m = (key: ChangeKey, unit: MetricUnit, higherIsBetter = true, graph = true): OverviewMetric => ({
  key,
  label: `metric.${key}` as MessageKey,
  unit,
  higherIsBetter,
  ...(graph ? { graph: key as GraphKey } : {}),
});

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

/** How customers feel: the three scores and the complaints (with their handling; not a graph). */
export const CX_METRICS: OverviewMetric[] = [
  m('nps', 'score'),
  m('csat', 'percent'),
  m('ces', 'score'),
  m('complaints', 'count', false, false),
];

export const GRAPH_METRICS = [...TRAFFIC_METRICS, ...CX_METRICS].filter((x) => x.graph);
export const DEFAULT_METRIC: OverviewMetric = TRAFFIC_METRICS[0]!;
export const findMetric = (key: string | null) => GRAPH_METRICS.find((x) => x.key === key) ?? DEFAULT_METRIC;
