import type Database from 'better-sqlite3';
import { cubeTierDeltas } from '../../db/cubes/cube-tier-deltas.js';
import { engagementBucket } from '../../lib/engagement-histogram.js';
import { hourOf } from '../../lib/hour-bucket.js';
import { perDatabase } from '../../lib/per-database.js';
import { type Kind, segmentOf } from '../../analytics/score-math.js';
import { prepareRollupTable, RollupDeltas, type RollupTable } from '../ingest/derive/rollup-deltas.js';

// The overview's resolutions as counts (db/schema/resolution-rollups.ts), kept by every writer of
// an answer's state: resolving and reopening (responses-store.ts), a merged score or comment
// (ingest/derive/response-merge.ts), retention and erasure (which delete the answer). A resolution
// counts in its time to resolve's log bucket, the engagement histogram's (5 % relative accuracy):
// a median is not additive, bucket counts are, so the median of any range and segment is read from
// summed counts (analytics/score-math.ts has none of this: complaints are counted by score).

/** The bucket of resolved complaints, counted in the hour the answer was first given. */
export const RESOLVED_COMPLAINT_BUCKET = -2;

/** The time-to-resolve bucket of a duration (ms); a resolution at or before the answer's own time is 0 ms. */
export const timeToResolveBucket = (ms: number): number => engagementBucket(ms);

/** The stored answer's columns the counts need, as `responses` names them. */
export interface CountedAnswer {
  site_id: string;
  created_at: number;
  resolved_at: number | null;
  kind: string;
  score: number;
  comment: string | null;
  path: string;
  device: string;
  browser: string;
  language: string;
}

/** The columns of a CountedAnswer, for a SELECT on responses. */
export const COUNTED_ANSWER_COLUMNS =
  'site_id, created_at, resolved_at, kind, score, comment, path, device, browser, language';

/** RESOLVED_COMPLAINT_SQL's condition (db/schema/responses.ts) on a row already known resolved. */
export const isComplaint = (a: Pick<CountedAnswer, 'kind' | 'score' | 'comment'>): boolean =>
  a.comment !== null && segmentOf(a.kind as Kind, a.score) === 'detractor';

export const RESOLUTION_KEYS = ['site_id', 'hour', 'path', 'device', 'browser', 'language', 'bucket'] as const;

/** Adds a resolved answer's rows to the counts (sign −1: takes them away); an open answer has none. */
export function addResolution(deltas: RollupDeltas<'answers'>, a: CountedAnswer, sign: 1 | -1): void {
  if (a.resolved_at === null) return;
  const at = (hour: number, bucket: number) => [a.site_id, hour, a.path, a.device, a.browser, a.language, bucket];
  deltas.add(at(hourOf(a.resolved_at), timeToResolveBucket(a.resolved_at - a.created_at)), 'answers', sign);
  if (isComplaint(a)) deltas.add(at(hourOf(a.created_at), RESOLVED_COMPLAINT_BUCKET), 'answers', sign);
}

export const prepareResolutionRollups = (db: Database.Database): RollupTable<'answers'> =>
  prepareRollupTable(db, 'resolution_rollups', RESOLUTION_KEYS, ['answers']);

const resolutionRollups = perDatabase(prepareResolutionRollups);
const deletedResolvedAnswers = perDatabase((db) =>
  db.prepare<[string, string], CountedAnswer>(
    `SELECT ${COUNTED_ANSWER_COLUMNS} FROM responses WHERE site_id = ? AND resolved_at IS NOT NULL ` +
      'AND display_id IN (SELECT value FROM json_each(?))',
  ),
);

/**
 * Writes a change of answers outside the ingest writer: `before` rows leave the counts, `after`
 * rows join them, with the cube tiers, in the caller's transaction (which must also write the change).
 */
export function countResolutions(
  db: Database.Database,
  before: readonly CountedAnswer[],
  after: readonly CountedAnswer[],
): void {
  if (!before.some((a) => a.resolved_at !== null) && !after.some((a) => a.resolved_at !== null)) return;
  const deltas = new RollupDeltas(resolutionRollups(db));
  for (const a of before) addResolution(deltas, a, -1);
  for (const a of after) addResolution(deltas, a, 1);
  deltas.apply();
  cubeTierDeltas(db).apply();
}

/** Takes the resolved answers among `displayIds` (a JSON array) out of the counts, before they are deleted. */
export function uncountDeletedAnswers(db: Database.Database, siteId: string, displayIdsJson: string): void {
  countResolutions(db, deletedResolvedAnswers(db).all(siteId, displayIdsJson), []);
}
