import {
  CES_EASY_MIN,
  CSAT_SATISFIED_MIN,
  NPS_DETRACTOR_MAX,
  NPS_PROMOTER_MIN,
  SCORE_RANGES,
  SEGMENT_RANGES,
  type ScoreSummary,
} from '@loupe/shared';
import { type Interval95, meanInterval, npsInterval, round2, wilsonInterval } from '@loupe/shared/score-interval';

export type Kind = keyof typeof SCORE_RANGES;
export type Segment = 'promoter' | 'passive' | 'detractor';

/** Re-exported: the server's figures round with the rest of the score math from here. */
export { round2 };
export const percent = (part: number, whole: number) => (whole > 0 ? round2((100 * part) / whole) : null);

export function segmentOf(kind: Kind, score: number): Segment {
  const r = SEGMENT_RANGES[kind];
  return score <= r.detractor[1] ? 'detractor' : score <= r.passive[1] ? 'passive' : 'promoter';
}

/** Answers and comments per score value. */
export type Distribution = Map<number, { responses: number; comments: number }>;

export function addToDistribution(d: Distribution, score: number, responses: number, comments: number): void {
  const cur = d.get(score);
  if (cur) {
    cur.responses += responses;
    cur.comments += comments;
  } else {
    d.set(score, { responses, comments });
  }
}

/** How often prompts were shown, and how many of those displays were closed unanswered. */
export interface DisplayCounts {
  displays: number;
  dismissals: number;
  /**
   * The answers those displays got, when not every answer came from a display: a link survey's
   * answer is given on its hosted page, which is no display. Default: every response.
   */
  answered?: number;
}
export const NO_DISPLAYS: DisplayCounts = { displays: 0, dismissals: 0 };

/** The headline score of a distribution (null without answers). */
export function headlineScore(kind: Kind, d: Distribution): number | null {
  return summarize(kind, d, NO_DISPLAYS).score;
}

/**
 * Every figure of a score summary from its distribution and display counts. `weight`: each answer
 * of `d` stands for that many (a sample's distribution, already scaled): its counts are the
 * distribution's, but the margin of error and the interval are the sample's own, from its counts
 * divided back (a sample of 1,000 answers scaled to 16,000 is no surer than 1,000).
 */
export function summarize(
  kind: Kind,
  d: Distribution,
  { displays, dismissals, answered }: DisplayCounts,
  weight = 1,
): ScoreSummary {
  const [min, max]: readonly [number, number] = SCORE_RANGES[kind];
  const distribution: ScoreSummary['distribution'] = [];
  let responses = 0;
  let comments = 0;
  let sum = 0;
  const count = (lo: number, hi = max) => {
    let n = 0;
    for (let s = lo; s <= hi; s++) n += d.get(s)?.responses ?? 0;
    return n;
  };
  for (let s = min; s <= max; s++) {
    const c = d.get(s) ?? { responses: 0, comments: 0 };
    distribution.push({ score: s, responses: c.responses });
    responses += c.responses;
    comments += c.comments;
    sum += s * c.responses;
  }
  const out: ScoreSummary = {
    responses,
    comments,
    displays,
    responseRate: percent(answered ?? responses, displays),
    dismissals,
    dismissalRate: percent(dismissals, displays),
    score: null,
    marginOfError: null,
    confidenceInterval: null,
    distribution,
  };
  if (kind === 'nps') {
    const promoters = count(NPS_PROMOTER_MIN);
    const detractors = count(min, NPS_DETRACTOR_MAX);
    out.nps = {
      promoters,
      passives: responses - promoters - detractors,
      detractors,
      promoterPercent: percent(promoters, responses),
      detractorPercent: percent(detractors, responses),
    };
    out.score = responses > 0 ? round2((100 * (promoters - detractors)) / responses) : null;
    setInterval95(out, npsInterval(promoters / weight, detractors / weight, responses / weight), -100, 100);
  } else if (kind === 'csat') {
    const satisfied = count(CSAT_SATISFIED_MIN);
    out.csat = { satisfied, satisfiedPercent: percent(satisfied, responses) };
    out.score = out.csat.satisfiedPercent;
    setInterval95(out, wilsonInterval(satisfied / weight, responses / weight), 0, 100);
  } else {
    const easy = count(CES_EASY_MIN);
    const mean = responses > 0 ? round2(sum / responses) : null;
    out.ces = { mean, easy, easyPercent: percent(easy, responses) };
    out.score = mean;
    let squares = 0;
    for (let s = min; s <= max; s++) squares += (d.get(s)?.responses ?? 0) * (s - sum / responses) ** 2;
    setInterval95(out, meanInterval(sum / responses, squares / weight, responses / weight), min, max);
  }
  return out;
}

function setInterval95(out: ScoreSummary, ci: Interval95 | null, min: number, max: number): void {
  if (!ci) return;
  out.marginOfError = round2(ci.margin);
  out.confidenceInterval = { low: round2(Math.max(min, ci.low)), high: round2(Math.min(max, ci.high)) };
}

/** Answers in the detractor segment that carry a comment: what the complaint rate counts. */
export function complaintsOf(kind: Kind, d: Distribution): number {
  let n = 0;
  for (const [score, c] of d) if (segmentOf(kind, score) === 'detractor') n += c.comments;
  return n;
}
