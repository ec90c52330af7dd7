import type { AnswerSample, AudienceFilters, JourneysResponse, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { type AnswerSampling, answerSample } from '../../analytics/answer-sample-level.js';
import { scopedAnswers } from '../../analytics/audience-answer-conditions.js';
import { audienceCountFilters, audienceCountsAnswer, hasAudience } from '../../analytics/audience-sessions.js';
import { readGrains } from '../../analytics/grain-reader.js';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { percent, round2, segmentOf, type Kind, type Segment } from '../../analytics/score-math.js';
import { planSpans } from '../../analytics/tier-plan.js';

interface JourneyQuestion {
  kind: Kind;
  segment: Segment;
  compareTo?: Segment | undefined;
  depth: number;
  limit: number;
}

interface Tally {
  responses: number;
  scoreSum: number;
  compared: number;
}

/** The journey counts by UTC hour, day and month (db/schema/journey-rollups.ts). */
const TIERS = {
  hourly: 'journey_rollups',
  daily: 'journey_rollups_daily',
  monthly: 'journey_rollups_monthly',
} as const;

/** The same counts per journey and score band, without the visitor segment. */
const BAND_TIERS = {
  hourly: 'journey_band_rollups',
  daily: 'journey_band_rollups_daily',
  monthly: 'journey_band_rollups_monthly',
} as const;

/** Answers of one journey in one band, and the sum of their scores. */
type JourneyRow = [journey: string, band: Segment, responses: number, scoreSum: number];

/** Rows of single scores as band rows. */
const banded = (kind: Kind, rows: [string, number, number][]): JourneyRow[] =>
  rows.map(([journey, score, n]) => [journey, segmentOf(kind, score), n, score * n]);

/**
 * The range's rows of one depth, whole UTC months and days from their tiers and the edge hours by
 * hour (analytics/tier-plan.ts): without a segment filter from the band rollups, only the two bands
 * compared; with one, from the rollups by score and visitor segment.
 */
function fromRollups(
  db: Database.Database,
  siteId: string,
  q: JourneyQuestion,
  bands: readonly Segment[],
  filters: SegmentFilters,
  range: QueryRange,
): JourneyRow[] {
  const { device, browser, language } = filters;
  const spans = planSpans(range.fromHour, range.toHour);
  if (device === undefined && browser === undefined && language === undefined) {
    return bands.flatMap((band) => {
      const read = {
        ...BAND_TIERS,
        siteId,
        filters: { kind: q.kind, depth: q.depth, band },
        groupBy: ['journey'],
        sums: ['responses', 'score_sum'],
      };
      return [...readGrains(db, read, spans).values()].map(
        ({ group, sums }): JourneyRow => [String(group[0]), band, sums[0]!, sums[1]!],
      );
    });
  }
  const read = {
    ...TIERS,
    siteId,
    filters: { kind: q.kind, depth: q.depth, device, browser, language },
    groupBy: ['journey', 'score'],
    sums: ['responses'],
  };
  return banded(
    q.kind,
    [...readGrains(db, read, spans).values()].map(
      ({ group, sums }) => [String(group[0]), Number(group[1]), sums[0]!] as [string, number, number],
    ),
  );
}

/** The band counts by who answered (db/schema/audience-answers.ts). */
const AUDIENCE_TIERS = {
  hourly: 'audience_journey_rollups',
  daily: 'audience_journey_rollups_daily',
  monthly: 'audience_journey_rollups_monthly',
} as const;

/** The band rows for an audience of at most one trait without a segment filter, counted at ingest. */
function fromAudienceCounts(
  db: Database.Database,
  siteId: string,
  q: JourneyQuestion,
  bands: readonly Segment[],
  audience: AudienceFilters,
  range: QueryRange,
): JourneyRow[] {
  const spans = planSpans(range.fromHour, range.toHour);
  return bands.flatMap((band) => {
    const read = {
      ...AUDIENCE_TIERS,
      siteId,
      filters: { ...audienceCountFilters(audience), kind: q.kind, depth: q.depth, band },
      groupBy: ['journey'],
      sums: ['responses', 'score_sum'],
    };
    return [...readGrains(db, read, spans).values()].map(
      ({ group, sums }): JourneyRow => [String(group[0]), band, sums[0]!, sums[1]!],
    );
  });
}

/**
 * The same rows for an audience, from its answers: each keeps its journey and score as last counted
 * in journey_rollups (journey, friction_score), and counts at every depth its journey reaches. From
 * a sample of them, each counts for 2^level, and `sample` says so.
 */
function fromAnswers(
  db: Database.Database,
  siteId: string,
  q: JourneyQuestion,
  filters: SegmentFilters,
  audience: AudienceFilters,
  range: QueryRange,
  sampling: AnswerSampling | undefined,
): { rows: [string, number, number][]; sample: AnswerSample | undefined } {
  // The query takes no path, so the answer conditions are those of device, browser, language and the audience.
  const a = scopedAnswers({ db, siteId, from: range.fromHour, to: range.toHour, sampling }, filters, audience);
  const answers = db
    .prepare(
      `SELECT r.journey, r.friction_score FROM ${a.from} WHERE ${a.where} ` +
        'AND r.kind = ? AND r.journey IS NOT NULL AND r.friction_score IS NOT NULL',
    )
    .raw()
    .all(...a.params, q.kind) as [string, number][];
  const counts = new Map<string, number>();
  const weight = 2 ** a.level;
  for (const [json, score] of answers) {
    const steps = JSON.parse(json) as string[];
    if (steps.length < q.depth) continue;
    const key = `${score}\u0001${JSON.stringify(steps.slice(-q.depth))}`;
    counts.set(key, (counts.get(key) ?? 0) + weight);
  }
  const rows = [...counts].map(([key, n]): [string, number, number] => {
    const cut = key.indexOf('\u0001');
    return [key.slice(cut + 1), Number(key.slice(0, cut)), n];
  });
  return { rows, sample: answerSample(a.level, answers.length) };
}

/**
 * The most common journeys of one score band's answers, each against the compared band: a few
 * GROUP BYs over the journey rollups of one depth and their month and day tiers (by band when no
 * segment filter narrows them; features/ingest/derive/response-journey.ts), or
 * for an audience (trait filters, new vs returning) over its answers.
 */
export function readJourneys(
  db: Database.Database,
  siteId: string,
  q: JourneyQuestion,
  filters: SegmentFilters,
  audience: AudienceFilters,
  range: QueryRange,
  sampling?: AnswerSampling,
): JourneysResponse {
  const compareTo: Segment = q.compareTo ?? (q.segment === 'promoter' ? 'detractor' : 'promoter');
  const bands = compareTo === q.segment ? [q.segment] : [q.segment, compareTo];
  const answered =
    hasAudience(audience) && !audienceCountsAnswer(filters, audience)
      ? fromAnswers(db, siteId, q, filters, audience, range, sampling)
      : undefined;
  const rows =
    answered !== undefined
      ? banded(q.kind, answered.rows)
      : !hasAudience(audience)
        ? fromRollups(db, siteId, q, bands, filters, range)
        : fromAudienceCounts(db, siteId, q, bands, audience, range);

  const tallies = new Map<string, Tally>();
  let inBand = 0;
  let inCompared = 0;
  for (const [journey, band, responses, scoreSum] of rows) {
    if (responses === 0) continue;
    if (band !== q.segment && band !== compareTo) continue;
    let t = tallies.get(journey);
    if (!t) {
      t = { responses: 0, scoreSum: 0, compared: 0 };
      tallies.set(journey, t);
    }
    // A band compared with itself: every answer is on both sides.
    if (band === q.segment) {
      t.responses += responses;
      t.scoreSum += scoreSum;
      inBand += responses;
    }
    if (band === compareTo) {
      t.compared += responses;
      inCompared += responses;
    }
  }
  const journeys = [...tallies]
    .filter(([, t]) => t.responses > 0)
    .sort(
      ([ja, a], [jb, b]) => b.responses - a.responses || b.compared - a.compared || (ja < jb ? -1 : ja > jb ? 1 : 0),
    )
    .slice(0, q.limit)
    .map(([journey, t]) => {
      const share = percent(t.responses, inBand);
      const comparedShare = percent(t.compared, inCompared);
      return {
        steps: JSON.parse(journey) as string[],
        responses: t.responses,
        share,
        meanScore: round2(t.scoreSum / t.responses),
        compared: { responses: t.compared, share: comparedShare },
        lift: share === null || comparedShare === null ? null : round2(share - comparedShare),
      };
    });
  return {
    kind: q.kind,
    segment: q.segment,
    compareTo,
    depth: q.depth,
    range: rangeEcho(range),
    totals: { segment: inBand, compareTo: inCompared },
    journeys,
    ...(answered?.sample === undefined ? {} : { sampled: answered.sample }),
  };
}
