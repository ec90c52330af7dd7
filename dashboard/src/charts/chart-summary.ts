import { t } from '../i18n/catalogue.js';

/**
 * A chart's sentence for screen readers (its aria-label): the metric, the span, how many points
 * and the highest and lowest value, in the chart's own format (empty buckets count as points).
 */
export function chartSummary(
  metric: string,
  from: string,
  to: string,
  values: readonly (number | null)[],
  format: (v: number | null) => string,
): string {
  const nums = values.filter((v): v is number => v !== null);
  return t('graph.summary', {
    metric,
    from,
    to,
    points: values.length,
    max: format(nums.length ? Math.max(...nums) : null),
    min: format(nums.length ? Math.min(...nums) : null),
  });
}
