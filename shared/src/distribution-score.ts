import { CES_EASY_MIN, CSAT_SATISFIED_MIN, NPS_DETRACTOR_MAX, NPS_PROMOTER_MIN } from './constants.js';
import { meanInterval, npsInterval, round2, wilsonInterval } from './score-interval.js';

// The score of answers the API did not sum up itself, as the dashboard shows for everyone else
// (everyone's distribution less the audience's: the audience is a subset of everyone for the same
// scale, prompt, channel and range). The read API's formulas (server/src/analytics/score-math.ts
// uses the same intervals), so applied to everyone's distribution this gives everyone's score and
// margin (the dashboard's browser test checks it). No zod: the dashboard bundles it.

/** Answers per score value, as a score summary's `distribution`. */
export type ScoreDistribution = { score: number; responses: number }[];

export interface DistributionScore {
  responses: number;
  score: number | null;
  /** ± of the 95 % interval in the score's units; null below 2 answers. */
  margin: number | null;
}

/** `all` less `part`, score by score (a score missing from `part` has none there). */
export function subtractDistribution(all: ScoreDistribution, part: ScoreDistribution): ScoreDistribution {
  const taken = new Map(part.map((d) => [d.score, d.responses]));
  return all.map((d) => ({ score: d.score, responses: Math.max(0, d.responses - (taken.get(d.score) ?? 0)) }));
}

const marginOf = (interval: { margin: number } | null) => (interval === null ? null : round2(interval.margin));

/** NPS, CSAT (% of 4–5) or CES (mean), with the margin of its 95 % interval. */
export function scoreOfDistribution(kind: 'nps' | 'csat' | 'ces', dist: ScoreDistribution): DistributionScore {
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
  if (kind === 'nps')
    return { responses: n, score: round2((100 * (hits - lows)) / n), margin: marginOf(npsInterval(hits, lows, n)) };
  if (kind === 'csat')
    return { responses: n, score: round2((100 * hits) / n), margin: marginOf(wilsonInterval(hits, n)) };
  const mean = sum / n;
  let squares = 0;
  for (const { score, responses } of dist) squares += responses * (score - mean) ** 2;
  return { responses: n, score: round2(mean), margin: marginOf(meanInterval(mean, squares, n)) };
}
