import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MultiRowUpsertSql, runMultiRowUpsert } from '../src/db/multi-row-upsert.js';

// The rollup and cube tier writers hand their rows to runMultiRowUpsert: every row must reach the
// table exactly once, in the order given, whatever the count, through few statement texts.

describe('multi-row upserts', () => {
  it('adds every row once, in order, in chunks of at most 64 rows and seven texts', () => {
    const sqlite = new Database(':memory:');
    sqlite.exec('CREATE TABLE r (k TEXT NOT NULL, h INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (k, h))');
    const sql = new MultiRowUpsertSql(
      'INSERT INTO r (k, h, n)',
      3,
      'ON CONFLICT (k, h) DO UPDATE SET n = n + excluded.n',
    );
    const texts = new Set<string>();
    fc.assert(
      fc.property(
        // Commits of distinct keys each (as the callers sum per key), keys repeating across commits.
        fc.array(fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.nat(60)), { maxLength: 180 }), {
          maxLength: 4,
        }),
        (commits) => {
          sqlite.exec('DELETE FROM r');
          const expected = new Map<string, number>();
          for (const [c, keys] of commits.entries()) {
            const rows = keys.map(([k, h], i) => [k, h, c * 1000 + i + 1]);
            const seen: unknown[] = [];
            runMultiRowUpsert(rows, sql, (text, params) => {
              texts.add(text);
              const count = (text.match(/\?/g) ?? []).length;
              expect(params).toHaveLength(count);
              expect(count / 3).toBeLessThanOrEqual(64);
              seen.push(...params);
              sqlite.prepare(text).run(params);
            });
            expect(seen).toEqual(rows.flat());
            for (const [k, h, n] of rows) expected.set(`${k}/${h}`, (expected.get(`${k}/${h}`) ?? 0) + (n as number));
          }
          const stored = sqlite.prepare('SELECT k, h, n FROM r').all() as { k: string; h: number; n: number }[];
          expect(new Map(stored.map((r) => [`${r.k}/${r.h}`, r.n]))).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
    expect(texts.size).toBeLessThanOrEqual(7);
    sqlite.close();
  });
});
