// The 95 % intervals of the three scores, shared by the read API's score summaries
// (server/src/analytics/score-math.ts) and the dashboard's score of answers it sums itself
// (distribution-score.ts), so both give the same margin for the same answers. Plain math, no
// imports: the dashboard bundles it without zod.

/** z of a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/** Two decimals: enough for a percentage, and stable across platforms in JSON. */
export const round2 = (x: number) => Math.round(x * 100) / 100;

export interface Interval95 {
  low: number;
  high: number;
  margin: number;
}

/**
 * NPS as the mean of a trinomial (+1 promoter, 0 passive, −1 detractor): its variance is
 * p + d − (p − d)², so the Wald interval is NPS ± z·100·√(that ÷ n).
 */
export function npsInterval(promoters: number, detractors: number, n: number): Interval95 | null {
  if (n < 2) return null;
  const [p, d] = [promoters / n, detractors / n];
  const margin = 100 * Z95 * Math.sqrt(Math.max(0, p + d - (p - d) ** 2) / n);
  return { low: 100 * (p - d) - margin, high: 100 * (p - d) + margin, margin };
}

/** Wilson score interval of a proportion, in percent: stays inside 0–100 and is sound near 0 and 1. */
export function wilsonInterval(successes: number, n: number): Interval95 | null {
  if (n < 2) return null;
  const p = successes / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: 100 * (centre - half), high: 100 * (centre + half), margin: 100 * half };
}

/** Mean ± z·s/√n, s the sample standard deviation (n − 1 in the denominator). */
export function meanInterval(mean: number, squaredDeviations: number, n: number): Interval95 | null {
  if (n < 2) return null;
  const margin = Z95 * Math.sqrt(squaredDeviations / (n - 1) / n);
  return { low: mean - margin, high: mean + margin, margin };
}
