import type { AnswerSample, TraitFilter } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { MAX_SAMPLE_LEVEL } from '../lib/session-sample-level.js';

/**
 * How a read of an audience's answers may read them: `threshold`, the most answers of its driving
 * trait in the range it reads in full before it reads a fixed sample instead; `exact` reads them
 * all whatever their number (the funnels' sampling, features/funnels/funnel-store.ts).
 */
export interface AnswerSampling {
  exact: boolean;
  threshold: number;
}

/** The levels a read at `level` takes (`level` to the deepest), for `sample_level IN (…)`. */
export const levelsFrom = (level: number): string =>
  Array.from({ length: MAX_SAMPLE_LEVEL - level + 1 }, (_, i) => level + i).join(', ');

/**
 * The lowest level whose sample (the answers at that level or deeper, a 2^-level share, by a hash
 * of the answer id) holds at most `threshold` answers, `count(level)` giving those at one level: 0
 * (every answer) while they all number at most `threshold`, the deepest when even that one has
 * more. Counted from the deepest level up and stopped as soon as the count passes the threshold,
 * as funnel-sample-level.ts does for the funnels.
 */
function lowestLevelWithin(count: (level: number) => number, threshold: number): number {
  let answers = 0;
  for (let level = MAX_SAMPLE_LEVEL; level >= 0; level--) {
    answers += count(level);
    if (answers > threshold) return Math.min(level + 1, MAX_SAMPLE_LEVEL);
  }
  return 0;
}

/**
 * The sample level a read of the answers carrying trait `t` in [from, to) takes (lowestLevelWithin
 * over them), counted in response_traits' key alone.
 */
export function answerSampleLevel(
  db: Database.Database,
  siteId: string,
  t: TraitFilter,
  from: number,
  to: number,
  threshold: number,
): number {
  const count = db
    .prepare(
      'SELECT count(*) FROM response_traits WHERE site_id = ? AND key = ? AND value = ? AND sample_level = ? ' +
        'AND created_at >= ? AND created_at < ?',
    )
    .pluck();
  return lowestLevelWithin((level) => Number(count.get(siteId, t.key, t.value, level, from, to)), threshold);
}

/**
 * The sample level a read of every answer of [from, to) takes, for an audience without a trait to
 * drive it (lowestLevelWithin over the range's answers, whoever gave them), counted in the answers'
 * (site_id, sample_level, created_at) index alone.
 */
export function rangeAnswerSampleLevel(
  db: Database.Database,
  siteId: string,
  from: number,
  to: number,
  threshold: number,
): number {
  const count = db
    .prepare(
      'SELECT count(*) FROM responses WHERE site_id = ? AND sample_level = ? AND created_at >= ? AND created_at < ?',
    )
    .pluck();
  return lowestLevelWithin((level) => Number(count.get(siteId, level, from, to)), threshold);
}

/** What a read at `level` says of its sample (`answers`: the audience's in it, before scaling); none at level 0. */
export const answerSample = (level: number, answers: number): AnswerSample | undefined =>
  level === 0 ? undefined : { rate: 2 ** -level, answers };
