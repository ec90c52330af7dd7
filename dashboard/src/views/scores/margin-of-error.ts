import { CSAT_SATISFIED_MIN, NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN } from '@loupe/shared/constants';

type Kind = 'nps' | 'csat' | 'ces';
type Distribution = { score: number; responses: number }[];

/** z for a 95 % confidence interval. */
const Z95 = 1.96;

/**
 * The 95 % margin of error of a score computed from its distribution (normal approximation):
 * NPS as the difference of two proportions of one sample, CSAT as a proportion, CES as a mean.
 * null below two answers, where no interval means anything.
 */
export function marginOfError(kind: Kind, distribution: Distribution): number | null {
  const n = distribution.reduce((s, d) => s + d.responses, 0);
  if (n < 2) return null;
  if (kind === 'nps') {
    const share = (keep: (score: number) => boolean) => distribution.filter((x) => keep(x.score)).reduce((s, x) => s + x.responses, 0) / n;
    const p = share((s) => s >= NPS_PROMOTER_MIN);
    const d = share((s) => s <= NPS_DETRACTOR_MAX);
    return 100 * Z95 * Math.sqrt(Math.max(0, p + d - (p - d) ** 2) / n);
  }
  if (kind === 'csat') {
    const p = distribution.filter((d) => d.score >= CSAT_SATISFIED_MIN).reduce((s, d) => s + d.responses, 0) / n;
    return 100 * Z95 * Math.sqrt((p * (1 - p)) / n);
  }
  const mean = distribution.reduce((s, d) => s + d.score * d.responses, 0) / n;
  const variance = distribution.reduce((s, d) => s + d.responses * (d.score - mean) ** 2, 0) / (n - 1);
  return Z95 * Math.sqrt(variance / n);
}
