import type Database from 'better-sqlite3';
import { cubeTierDeltas } from '../../db/cubes/cube-tier-deltas.js';
import { engagementBucket } from '../../lib/engagement-histogram.js';
import { hourOf } from '../../lib/hour-bucket.js';
import { perDatabase } from '../../lib/per-database.js';
import { type Kind, segmentOf } from '../../analytics/score-math.js';
import { prepareRollupTable, RollupDeltas, type RollupTable } from '../ingest/derive/rollup-deltas.js';
import { TieredRollupDeltas, type TieredRollupTables } from '../ingest/derive/tiered-rollup-deltas.js';
import { addAudienceResolution, type AnswerWho, prepareAudienceResolutions } from './audience-resolution-counts.js';

// The overview's resolutions as counts (db/schema/resolution-rollups.ts), kept by every writer of
// an answer's state: resolving and reopening (responses-store.ts), a merged score or comment
// (ingest/derive/response-merge.ts), retention and erasure (which delete the answer). A resolution
// counts in its time to resolve's log bucket, the engagement histogram's (5 % relative accuracy):
// a median is not additive, bucket counts are, so the median of any range and segment is read from
// summed counts (analytics/score-math.ts has none of this: complaints are counted by score).
// The same rows are kept by who answered (audience-resolution-counts.ts), for the overview under
// an audience.

/** The bucket of resolved complaints, counted in the hour the answer was first given. */
export const RESOLVED_COMPLAINT_BUCKET = -2;

/** The time-to-resolve bucket of a duration (ms); a resolution at or before the answer's own time is 0 ms. */
export const timeToResolveBucket = (ms: number): number => engagementBucket(ms);

/** The stored answer's columns the counts need, as `responses` names them (`returning`: its session's). */
export interface CountedAnswer extends AnswerWho {
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

/** The columns of a CountedAnswer, for a SELECT on responses (`returning`: the answer keeps its session's flag). */
export const COUNTED_ANSWER_COLUMNS =
  'site_id, created_at, resolved_at, kind, score, comment, path, device, browser, language, traits, "returning"';

/** RESOLVED_COMPLAINT_SQL's condition (db/schema/responses.ts) on a row already known resolved. */
export const isComplaint = (a: Pick<CountedAnswer, 'kind' | 'score' | 'comment'>): boolean =>
  a.comment !== null && segmentOf(a.kind as Kind, a.score) === 'detractor';

export const RESOLUTION_KEYS = ['site_id', 'hour', 'path', 'device', 'browser', 'language', 'bucket'] as const;

/** The (hour, bucket) rows a resolved answer counts in; an open answer has none. */
function placesOf(a: CountedAnswer): [number, number][] {
  if (a.resolved_at === null) return [];
  const places: [number, number][] = [[hourOf(a.resolved_at), timeToResolveBucket(a.resolved_at - a.created_at)]];
  if (isComplaint(a)) places.push([hourOf(a.created_at), RESOLVED_COMPLAINT_BUCKET]);
  return places;
}

/** The resolution counts' tables: resolution_rollups (its cube tiers kept by cube-tier-deltas.ts) and audience_resolutions. */
export interface ResolutionTables {
  rollups: RollupTable<'answers'>;
  audience: TieredRollupTables<'answers'>;
}

export const prepareResolutionRollups = (db: Database.Database): ResolutionTables => ({
  rollups: prepareRollupTable(db, 'resolution_rollups', RESOLUTION_KEYS, ['answers']),
  audience: prepareAudienceResolutions(db),
});

/** One change's resolution counts, summed per row and upserted by `apply`. */
export class ResolutionDeltas {
  private readonly rollups: RollupDeltas<'answers'>;
  private readonly audience: TieredRollupDeltas<'answers'>;

  constructor(tables: ResolutionTables) {
    this.rollups = new RollupDeltas(tables.rollups);
    this.audience = new TieredRollupDeltas(tables.audience, 3);
  }

  /** Adds a resolved answer's rows to the counts (sign −1: takes them away); an open answer has none. */
  add(a: CountedAnswer, sign: 1 | -1): void {
    const places = placesOf(a);
    for (const [hour, bucket] of places) {
      this.rollups.add([a.site_id, hour, a.path, a.device, a.browser, a.language, bucket], 'answers', sign);
    }
    addAudienceResolution(this.audience, a, places, sign);
  }

  /** Its session's returning flag changed: the answer's audience rows move from its flag to `to`. */
  moveReturning(a: CountedAnswer, to: number): void {
    const places = placesOf(a);
    addAudienceResolution(this.audience, a, places, -1);
    addAudienceResolution(this.audience, { ...a, returning: to }, places, 1);
  }

  apply(): void {
    this.rollups.apply();
    this.audience.apply();
  }
}

const resolutionTables = perDatabase(prepareResolutionRollups);
const deletedResolvedAnswers = perDatabase((db) =>
  db.prepare<[string, string], CountedAnswer>(
    `SELECT ${COUNTED_ANSWER_COLUMNS} FROM responses WHERE site_id = ? AND resolved_at IS NOT NULL ` +
      'AND display_id IN (SELECT value FROM json_each(?))',
  ),
);
/** The resolved answers of some sessions (a JSON array), by the index on (site_id, session_id). */
const sessionsResolvedAnswers = perDatabase((db) =>
  db.prepare<[string, string], CountedAnswer & { session_id: string }>(
    `SELECT session_id, ${COUNTED_ANSWER_COLUMNS} FROM responses WHERE site_id = ? ` +
      'AND session_id IN (SELECT value FROM json_each(?)) AND resolved_at IS NOT NULL',
  ),
);
const storedSessionReturning = perDatabase((db) =>
  db.prepare<[string, string], number>('SELECT "returning" FROM sessions WHERE site_id = ? AND session_id = ?').pluck(),
);

/** The returning flag of a session as the counts take it: 0 without a session row. */
export const sessionReturning = (db: Database.Database, siteId: string, sessionId: string): number =>
  Number(storedSessionReturning(db).get(siteId, sessionId) ?? 0);

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
  const deltas = new ResolutionDeltas(resolutionTables(db));
  for (const a of before) deltas.add(a, -1);
  for (const a of after) deltas.add(a, 1);
  deltas.apply();
  cubeTierDeltas(db).apply();
}

/** Takes the resolved answers among `displayIds` (a JSON array) out of the counts, before they are deleted. */
export function uncountDeletedAnswers(db: Database.Database, siteId: string, displayIdsJson: string): void {
  countResolutions(db, deletedResolvedAnswers(db).all(siteId, displayIdsJson), []);
}

/**
 * One commit's sessions whose returning flag changed (a session first stored, or stored anew after
 * a deletion: 0 without a row): at `apply`, after the commit's writes, their resolved answers move
 * between flags in the counts by who answered, one read per site.
 */
export class ReturningFlagMoves {
  private readonly bySite = new Map<string, Map<string, { from: number; to: number }>>();

  constructor(private readonly db: Database.Database) {}

  flagged(siteId: string, sessionId: string, from: number, to: number): void {
    if (!this.bySite.has(siteId)) this.bySite.set(siteId, new Map());
    this.bySite.get(siteId)!.set(sessionId, { from, to });
  }

  apply(): void {
    for (const [siteId, changed] of this.bySite) {
      const answers = sessionsResolvedAnswers(this.db).all(siteId, JSON.stringify([...changed.keys()]));
      if (answers.length === 0) continue;
      const deltas = new ResolutionDeltas(resolutionTables(this.db));
      for (const a of answers) {
        const c = changed.get(a.session_id)!;
        deltas.moveReturning({ ...a, returning: c.from }, c.to);
      }
      deltas.apply();
    }
    this.bySite.clear();
  }
}

const forgetAnswersReturning = perDatabase((db) =>
  db.prepare<[string, string]>(
    'UPDATE responses SET "returning" = 0 WHERE site_id = ? AND session_id IN (SELECT value FROM json_each(?)) ' +
      'AND "returning" = 1',
  ),
);

/**
 * Before returning sessions (a JSON array of ids) are deleted: their answers count as no
 * session's (new), in their own `returning` and, resolved, in the counts.
 */
export function uncountDeletedSessions(db: Database.Database, siteId: string, sessionIdsJson: string): void {
  const answers = sessionsResolvedAnswers(db).all(siteId, sessionIdsJson);
  forgetAnswersReturning(db).run(siteId, sessionIdsJson);
  if (!answers.some((a) => Number(a.returning) === 1)) return;
  const deltas = new ResolutionDeltas(resolutionTables(db));
  for (const a of answers) if (Number(a.returning) === 1) deltas.moveReturning(a, 0);
  deltas.apply();
}
