import type { AudienceFilters, AudienceSample } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { PLAN_EACH_RUN } from '../db/sql-dialect.js';
import { MAX_SAMPLE_LEVEL } from '../lib/session-sample-level.js';
import { perDatabase } from '../lib/per-database.js';

// How a read walks the sessions of an audience the counts do not key (audience-sessions.ts). An
// audience with a trait is walked from that trait's rows of session_traits' (site_id, key, value,
// sample_level, hour) index: the range's sessions with the trait, or a fixed sample of them (the
// sessions at a sample level or deeper: sessionSampleLevel of their id), each joined to its
// session by primary key and the other traits probed. The trait is the rarest in the range, so
// the walk reads the fewest rows; an audience without a trait (`returning` with a segment or path
// filter) is walked from the sessions' own (site_id, sample_level, returning, hour) index, its
// sessions new or returning as asked. On a busy site an audience's sessions are too many to walk
// per request: past `threshold` sessions of the leading trait (or of the range's new or returning
// sessions, without one) the walk takes the
// lowest sample level whose share holds at most `threshold` of them, as a funnel does
// (features/funnels/funnel-sample-level.ts); counts are then the sample's times 2^level, and
// rates, means and percentiles the sample's own.

/** One trait of an audience (name and value, as the query gave them). */
export type AudienceTrait = AudienceFilters['traits'][number];

/** How a read walks an audience's sessions of a range. */
export interface AudienceWalk {
  /** The trait whose index range drives the walk; undefined: the audience has none (the range's sessions are walked). */
  lead: AudienceTrait | undefined;
  /** 0: every session; L: the sessions at level ≥ L, a fixed 2^-L share, each standing for 2^L sessions. */
  level: number;
  /**
   * The audience's other traits whose rows of the walk's levels and range number about the lead's
   * (counted while choosing it): the walk reads their index ranges and keeps the lead's rows whose
   * session is in them, rather than probing each lead row's session for them (lead-trait-rows.ts,
   * otherTraitConditions). Absent: every other trait is probed.
   */
  ranged?: readonly AudienceTrait[];
}

/** What the request asked and what the server allows: `exact` walks every session, else at most about `threshold`. */
export interface AudienceSampling {
  exact: boolean;
  threshold: number;
}

/** What a route's query asks (`exact`, analytics' audienceExactField) under the server's threshold. */
export const samplingOf = (q: { exact?: 'true' | 'false' | undefined }, threshold: number): AudienceSampling => ({
  exact: q.exact === 'true',
  threshold,
});

/** The walk of every session of the audience (no sample), from its first trait: before any counting. */
export const unsampledWalk = (a: AudienceFilters): AudienceWalk => ({ lead: a.traits[0], level: 0 });

/** The sample levels of a walk at `level`: each is one index range, bounded by the hour. */
export const sampleLevels = (level: number): number[] =>
  Array.from({ length: MAX_SAMPLE_LEVEL - level + 1 }, (_, i) => level + i);

// PLAN_EACH_RUN: never a prepared statement on PostgreSQL, as no read that names a trait is
// (audience-sessions.ts says why); its planning is a small part of a count.
const sessionsAtLevel = perDatabase((db) =>
  db
    .prepare(
      'SELECT count(*) FROM sessions WHERE site_id = ? AND sample_level = ? AND "returning" = ? AND hour >= ? AND hour < ?',
    )
    .pluck(),
);

/**
 * The walk of an audience without a trait: the sessions of the range, new or returning as asked,
 * counted in the sessions' sample index level by level from the deepest, at the lowest level whose
 * share holds at most the threshold.
 */
function sessionWalk(
  db: Database.Database,
  siteId: string,
  a: AudienceFilters,
  fromHour: number,
  toHour: number,
  threshold: number,
): AudienceWalk {
  const count = sessionsAtLevel(db);
  // Each `returning` value is one range of the index (both: an audience of no filter at all).
  const values = a.returning === undefined ? [0, 1] : [a.returning ? 1 : 0];
  let rows = 0;
  for (let level = MAX_SAMPLE_LEVEL; level >= 0; level--) {
    for (const r of values) rows += count.get(siteId, level, r, fromHour, toHour) as number;
    if (rows > threshold) return { lead: undefined, level: Math.min(level + 1, MAX_SAMPLE_LEVEL) };
  }
  return { lead: undefined, level: 0 };
}

/**
 * Which sample a walk draws: of sessions (session_traits.sample_level, the session id's level), or
 * of people (person_level, the visitor id's: every session of a person in or out together).
 */
export type LevelColumn = 'sample_level' | 'person_level';

const countAtLevel = (column: LevelColumn) =>
  perDatabase((db) =>
    db
      .prepare(
        `${PLAN_EACH_RUN}SELECT count(*) FROM session_traits WHERE site_id = ? AND key = ? AND value = ? AND ${column} = ? ` +
          'AND hour >= ? AND hour < ?',
      )
      .pluck(),
  );
const countAt = { sample_level: countAtLevel('sample_level'), person_level: countAtLevel('person_level') };

/**
 * Rows of the rarest trait in the deeper levels past which a walk of every session stops counting:
 * its share of the whole is then known to a few percent (a count's relative error is about
 * 1/sqrt(rows)), enough to tell which trait is rarer or within twice another.
 */
const CHOICE_ROWS = 1024;

/**
 * The walk of the audience's sessions started in [fromHour, toHour): its rarest trait, and the
 * sample level (0 when `sampling` is absent or exact, or when the rarest trait's sessions in the
 * range number at most the threshold). Counted in the index only, every trait level by level from
 * the deepest up, and stopped as soon as the rarest one's count passes the threshold; a trait stops
 * being counted once it has passed the threshold with a rarer one beside it (it will not lead), so
 * choosing costs about the rows the walk will read, times the number of traits; a walk of every
 * session stops once the deeper levels hold CHOICE_ROWS of the rarest trait. `column` 'person_level'
 * draws the sample by person instead (the trait's rows are counted the same, per level of their visitor).
 */
export function audienceWalk(
  db: Database.Database,
  siteId: string,
  a: AudienceFilters,
  fromHour: number,
  toHour: number,
  sampling?: AudienceSampling,
  column: LevelColumn = 'sample_level',
): AudienceWalk {
  const sampled = sampling !== undefined && !sampling.exact;
  if (a.traits.length === 0)
    return sampled ? sessionWalk(db, siteId, a, fromHour, toHour, sampling.threshold) : { lead: undefined, level: 0 };
  const threshold = sampling?.threshold ?? Number.POSITIVE_INFINITY;
  const count = countAt[column](db);
  const live = a.traits.map((trait) => ({ trait, rows: 0, before: 0, out: false }));
  const rarest = (key: 'rows' | 'before') =>
    live.filter((t) => !t.out).reduce((best, t) => (t[key] < best[key] ? t : best));
  // The walk from the rarest trait still counted (`key`: the count of the levels walked), with the
  // traits counted this far whose rows are about as few as the lead's: reading their ranges costs
  // about what the lead's does.
  const walkOf = (key: 'rows' | 'before', counted: readonly (typeof live)[number][], level: number): AudienceWalk => {
    const lead = rarest(key);
    const ranged = counted.filter((t) => t !== lead && t[key] <= 2 * lead[key] + 256).map((t) => t.trait);
    return { lead: lead.trait, level, ...(ranged.length > 0 ? { ranged } : {}) };
  };
  for (let level = MAX_SAMPLE_LEVEL; level >= 0; level--) {
    const counted = live.filter((t) => !t.out);
    for (const t of counted) {
      t.before = t.rows;
      t.rows += count.get(siteId, t.trait.key, t.trait.value, level, fromHour, toHour) as number;
    }
    const least = rarest('rows');
    for (const t of live)
      if (t !== least && t.rows > least.rows && (t.rows > threshold || t.rows > 2 * least.rows + 256)) t.out = true;
    if (sampled && least.rows > threshold) {
      // The level above held at most the threshold (or this is the deepest): walk that one.
      return level === MAX_SAMPLE_LEVEL ? walkOf('rows', counted, level) : walkOf('before', counted, level + 1);
    }
    if (!sampled && level > 0 && least.rows >= CHOICE_ROWS) {
      // A walk of every session uses the counts only to choose its lead and the traits it reads as
      // ranges, which the levels counted so far (a fixed 2^-level share of every trait's rows)
      // already tell: counting the rest would cost about the rows the walk is about to read.
      for (const t of live) t.rows *= 2 ** level;
      return walkOf(
        'rows',
        live.filter((t) => !t.out),
        0,
      );
    }
  }
  return walkOf(
    'rows',
    live.filter((t) => !t.out),
    0,
  );
}

/** A walk's counts scaled to the whole: each session of a sample at `level` stands for 2^level. */
export const scaleOf = (walk: AudienceWalk): number => 2 ** walk.level;

/**
 * The `sampled` field of an answer read at `walk` (nothing when it walked every session), for
 * `sessions` of the audience found in the sample, before scaling.
 */
export const sampledField = (walk: AudienceWalk, sessions: number): { sampled?: AudienceSample } =>
  walk.level > 0 ? { sampled: { rate: 1 / scaleOf(walk), sessions } } : {};
