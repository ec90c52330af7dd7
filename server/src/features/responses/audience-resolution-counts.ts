import type Database from 'better-sqlite3';
import { answerTraitPairs } from '../ingest/derive/audience-answer-keys.js';
import {
  prepareTieredRollupTables,
  type TieredRollupDeltas,
  type TieredRollupTables,
} from '../ingest/derive/tiered-rollup-deltas.js';

// The overview's resolutions by who answered (db/schema/audience-resolutions.ts): each row a
// resolved answer counts in (resolution-counts.ts places them: the resolution's hour and bucket,
// a resolved complaint's given hour under bucket −2), once under trait_key '' and once under each
// trait the answer carried, with its session's returning flag and its device. Written with the
// resolution counts by the same writers; a session whose returning flag changes (first stored,
// deleted) moves its resolved answers between flags (resolution-counts.ts: ReturningFlagMoves at ingest, uncountDeletedSessions before a deletion).

export const AUDIENCE_RESOLUTION_KEYS = [
  'site_id',
  'trait_key',
  'trait_value',
  'hour',
  '"returning"',
  'device',
  'bucket',
] as const;

export const prepareAudienceResolutions = (db: Database.Database): TieredRollupTables<'answers'> =>
  prepareTieredRollupTables(db, 'audience_resolutions', AUDIENCE_RESOLUTION_KEYS, ['answers']);

/** What of a resolved answer decides its audience rows besides where it counts. */
export interface AnswerWho {
  site_id: string;
  /** `responses.traits`: the JSON of the traits the answer carried, or null. */
  traits: string | null;
  /** Its session's returning flag as stored (0 without a session row). */
  returning: number;
  device: string;
}

/** The answer's rows at each (hour, bucket) of `places`, `sign` each, under '' and each of its traits. */
export function addAudienceResolution(
  deltas: TieredRollupDeltas<'answers'>,
  a: AnswerWho,
  places: readonly (readonly [number, number])[],
  sign: number,
): void {
  const returning = Number(a.returning);
  for (const [key, value] of [['', ''] as const, ...answerTraitPairs(a.traits)]) {
    for (const [hour, bucket] of places) {
      deltas.add([a.site_id, key, value, hour, returning, a.device, bucket], 'answers', sign);
    }
  }
}
