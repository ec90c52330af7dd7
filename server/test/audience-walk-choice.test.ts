import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { audienceWalk } from '../src/analytics/audience-sample.js';
import { migrateDatabase } from '../src/db/migrate-database.js';
import { openDatabase } from '../src/db/open-database.js';
import { MAX_SAMPLE_LEVEL, sessionSampleLevel } from '../src/lib/session-sample-level.js';
import { countingExecutions, type Execution } from './helpers/counting-executions.js';

// A walk of every session counts its traits in the index only to choose the one it is driven
// from and those it reads as ranges: on a busy site it stops once the deeper sample levels tell
// (audience-sample.ts, CHOICE_ROWS), and chooses as the counts of every level would.

const SITE = 'site_walk';
const HOUR = 3_600_000;
const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2026, 1, 1);

/** A database whose traits have these many sessions each, spread over January. */
function traitsDatabase(sessions: Record<string, number>): Database.Database {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  const insert = db.$client.prepare(
    'INSERT INTO session_traits (site_id, session_id, key, value, hour, sample_level) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.$client.transaction(() => {
    for (const [key, n] of Object.entries(sessions))
      for (let i = 0; i < n; i++) {
        const session = `${key}-${i}`;
        insert.run(SITE, session, key, 'yes', FROM + (i % 744) * HOUR, sessionSampleLevel(session));
      }
  })();
  return db.$client;
}

const audience = {
  traits: [
    { key: 'a', value: 'yes' },
    { key: 'b', value: 'yes' },
  ],
};
const countsOf = (executed: Execution[]) => executed.filter((e) => /count\(\*\) FROM session_traits/.test(e.sql));

describe('audienceWalk without a sample', () => {
  it.each([
    ['about as common: the rarer leads, the other read as a range', { a: 9000, b: 7000 }, 'b', ['a']],
    ['far commoner: the rarer leads, the other probed', { a: 40_000, b: 7000 }, 'b', []],
  ])('%s', (_, sessions, lead, ranged) => {
    const db = traitsDatabase(sessions);
    const counting = countingExecutions(db);
    for (const sampling of [undefined, { exact: true, threshold: 5000 }]) {
      counting.executed.length = 0;
      const walk = audienceWalk(counting.db, SITE, audience, FROM, TO, sampling);
      expect(walk.lead?.key).toBe(lead);
      expect(walk.level).toBe(0);
      expect((walk.ranged ?? []).map((t) => t.key)).toEqual(ranged);
      // Stopped before the shallow levels, which hold most of the rows.
      const counts = countsOf(counting.executed);
      expect(counts.length).toBeGreaterThan(0);
      expect(counts.length).toBeLessThan(2 * (MAX_SAMPLE_LEVEL + 1));
      // (site, key, value, level, from, to): level 0, half of every trait's rows, is never counted.
      expect(counts.map((c) => c.params[3])).not.toContain(0);
    }
  });

  it('counts every level of traits too rare to tell from the deeper ones', () => {
    const db = traitsDatabase({ a: 900, b: 600 });
    const counting = countingExecutions(db);
    const walk = audienceWalk(counting.db, SITE, audience, FROM, TO);
    expect(walk.lead?.key).toBe('b');
    expect(walk.ranged?.map((t) => t.key)).toEqual(['a']);
    expect(countsOf(counting.executed)).toHaveLength(2 * (MAX_SAMPLE_LEVEL + 1));
  });
});
