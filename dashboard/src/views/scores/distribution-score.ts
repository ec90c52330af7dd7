import type { ScoreSummary } from '@loupe/shared';
import { CES_EASY_MIN, CSAT_SATISFIED_MIN, NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN } from '@loupe/shared/constants';
import type { Kind } from './segments.js';

// The score of answers the API did not sum up itself: everyone else, which is everyone's
// distribution less the audience's (the audience is a subset of everyone for the same scale,
// prompt, channel and range). The same formulas as the read API's scores, so that applied to
// everyone's distribution this gives everyone's score and margin (the browser test checks it).

export type Distribution = ScoreSummary['distribution'];

export interface DistributionScore {
  responses: number;
  score: number | null;
  /** ± of the 95 % interval in the score's units; null below 2 answers. */
  margin: number | null;
}

const Z95 = 1.959963984540054;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** `all` less `part`, score by score (a score missing from `part` has none there). */
export function subtractDistribution(all: Distribution, part: Distribution): Distribution {
  const taken = new Map(part.map((d) => [d.score, d.responses]));
  return all.map((d) => ({ score: d.score, responses: Math.max(0, d.responses - (taken.get(d.score) ?? 0)) }));
}

/** NPS, CSAT (% of 4–5) or CES (mean), with the margin of its 95 % interval. */
export function scoreOfDistribution(kind: Kind, dist: Distribution): DistributionScore {
  let n = 0;
  let sum = 0;
  let hits = 0;
  let lows = 0;
  for (const { score, responses } of dist) {
    n += responses;
    sum += score * responses;
    if (
      kind === 'nps' ? score >= NPS_PROMOTER_MIN : kind === 'csat' ? score >= CSAT_SATISFIED_MIN : score >= CES_EASY_MIN
    )
      hits += responses;
    if (kind === 'nps' && score <= NPS_DETRACTOR_MAX) lows += responses;
  }
  if (n === 0) return { responses: 0, score: null, margin: null };
  if (kind === 'nps') {
    const [p, d] = [hits / n, lows / n];
    const margin = n < 2 ? null : round2(100 * Z95 * Math.sqrt(Math.max(0, p + d - (p - d) ** 2) / n));
    return { responses: n, score: round2((100 * (hits - lows)) / n), margin };
  }
  if (kind === 'csat') {
    const p = hits / n;
    const z2 = Z95 * Z95;
    const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
    return { responses: n, score: round2(100 * p), margin: n < 2 ? null : round2(100 * half) };
  }
  const mean = sum / n;
  let squares = 0;
  for (const { score, responses } of dist) squares += responses * (score - mean) ** 2;
  return { responses: n, score: round2(mean), margin: n < 2 ? null : round2(Z95 * Math.sqrt(squares / (n - 1) / n)) };
}
