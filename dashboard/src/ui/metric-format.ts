import { formatCount, formatDuration, formatPercent, formatScore } from '../i18n/format.js';

/** How a figure reads, and how its change is told: counts in %, rates and scores in points. */
export type MetricUnit = 'count' | 'percent' | 'duration' | 'score';

export function formatMetric(unit: MetricUnit, v: number | null | undefined, compact = false): string {
  switch (unit) {
    case 'percent':
      return formatPercent(v);
    case 'duration':
      return formatDuration(v);
    case 'score':
      return formatScore(v);
    default:
      return formatCount(v, compact);
  }
}

/** The raw number for data-value: "null" when there is none, so JSON.parse reads it back. */
export const rawValue = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? 'null' : String(v);
