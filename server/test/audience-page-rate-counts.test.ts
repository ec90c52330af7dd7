import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectOf } from '../src/db/sql-dialect.js';
import { AudiencePageRateDeltas } from '../src/features/ingest/derive/audience-page-rate-deltas.js';
import { TieredRollupDeltas } from '../src/features/ingest/derive/tiered-rollup-deltas.js';
import { propertyRuns } from './helpers/property-runs.js';
import { identifiedDatasetProperty } from './helpers/identified-dataset-property.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The audience page rates (db/schema/audience-page-rates.ts) the writer keeps, reading each session
// before and after a commit, equal the stored sessions counted afresh by the migration that added
// them (its SQL, on the engine under test): whatever the identify calls (traits set after the first
// page views, changed, cleared), returning visitors and commit sizes. The reads over these counts
// are held to plain computations over raw rows by read-metrics-audience-properties.test.ts.

const KEY = ['site_id', 'trait_key', 'trait_value', 'hour', '"returning"', 'path'];
const SUMS = ['visits', 'pageviews', 'js_errors', 'scroll_sum', 'entries', 'engaged_entries', 'multi_page_entries'];
const GRAINS = ['', '_daily', '_monthly'];

/** The migration's backfill statements, in the engine's own dialect. */
function backfill(postgres: boolean): string[] {
  const dir = path.join(import.meta.dirname, postgres ? '../drizzle-pg' : '../drizzle');
  const file = readdirSync(dir).find((f) => /^\d{4}_audience_page_rates\.sql$/.test(f))!;
  return readFileSync(path.join(dir, file), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.replace(/^--.*$/gm, '').trim())
    .filter((s) => s.startsWith('INSERT'));
}

describe('the audience page rates the writer keeps', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  // Scroll sums are added as differences of reals: compared to 6 places. Rows whose counts all went
  // back to 0 (a session that moved to other traits) are no difference.
  const snapshot = (siteId: string) =>
    GRAINS.map((grain) => ({
      table: `audience_page_rates${grain}`,
      rows: t.app.db.$client
        .prepare(
          `SELECT ${KEY.join(', ')}, ${SUMS.map((c) => `round(CAST(sum(${c}) AS NUMERIC), 6)`).join(', ')} ` +
            `FROM audience_page_rates${grain} WHERE site_id = ? GROUP BY ${KEY.join(', ')} ` +
            `HAVING ${SUMS.map((c) => `round(CAST(sum(${c}) AS NUMERIC), 6) <> 0`).join(' OR ')} ORDER BY ${KEY.join(', ')}`,
        )
        .raw()
        .all(siteId)
        .map((r) => (r as unknown[]).map((v) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v))),
    }));

  it('equal the stored sessions counted afresh by the migration, however the commits fell', () => {
    const db = t.app.db.$client;
    const statements = backfill(dialectOf(db) === 'postgres');
    expect(statements).toHaveLength(6);
    // Rows under a trait and of returning visitors must have been compared, not only the '' rows.
    const seen = { trait: false, returning: false };
    fc.assert(
      identifiedDatasetProperty(t, (siteId) => {
        const kept = snapshot(siteId);
        for (const { rows } of kept) {
          for (const r of rows as unknown[][]) {
            if (r[1] !== '') seen.trait = true;
            if (Number(r[4]) === 1) seen.returning = true;
          }
        }
        for (const grain of GRAINS) db.prepare(`DELETE FROM audience_page_rates${grain}`).run();
        for (const sql of statements) db.prepare(sql).run();
        expect(snapshot(siteId)).toEqual(kept);
      }),
      { numRuns: propertyRuns(25) },
    );
    expect(seen).toEqual({ trait: true, returning: true });
  }, 240_000);

  // Each statement is a round trip on PostgreSQL, where the writer's connection is the synchronous
  // facade: a read per touched session made a commit's cost grow with its sessions.
  it('read the touched sessions in three statements before the writes and three after, however many', () => {
    const db = t.app.db.$client;
    type Run = (this: unknown, ...args: unknown[]) => unknown;
    const statement = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<string, Run>;
    const deltas = AudiencePageRateDeltas.prototype as unknown as Record<string, Run>;
    const upserts = TieredRollupDeltas.prototype as unknown as Record<string, Run>;
    const saved = [
      ...['get', 'all', 'run', 'iterate'].map((m) => [statement, m, statement[m]!] as const),
      ...['before', 'apply'].map((m) => [deltas, m, deltas[m]!] as const),
      [upserts, 'apply', upserts.apply!] as const,
    ];
    let phase: 'before' | 'after' | undefined;
    const most = { before: 0, after: 0, sessions: 0 };
    let count = 0;
    const within = (p: typeof phase, run: Run): Run =>
      function (this: unknown, ...args) {
        const outer = phase;
        phase = p;
        try {
          return run.apply(this, args);
        } finally {
          phase = outer;
        }
      };
    try {
      for (const m of ['get', 'all', 'run', 'iterate']) {
        const run = statement[m]!;
        statement[m] = function (this: unknown, ...args) {
          if (phase !== undefined) count += 1;
          return run.apply(this, args);
        };
      }
      for (const [m, p] of [
        ['before', 'before'],
        ['apply', 'after'],
      ] as const) {
        const run = within(p, deltas[m]!);
        deltas[m] = function (this: unknown, ...args) {
          // The sessions the commit touched (private to the class: read here only to show it had many).
          const touched = (this as { touched: Map<string, unknown> }).touched.size;
          most.sessions = Math.max(most.sessions, touched);
          count = 0;
          const out = run.apply(this, args);
          most[p] = Math.max(most[p], count);
          return out;
        };
      }
      // The upserts of the counts that changed are the rollups' own, counted elsewhere.
      upserts.apply = within(undefined, upserts.apply!);
      fc.assert(
        identifiedDatasetProperty(t, () => {}),
        { numRuns: 5 },
      );
    } finally {
      for (const [target, m, run] of saved) target[m] = run;
    }
    expect(most.sessions).toBeGreaterThan(3);
    expect({ before: most.before, after: most.after }).toEqual({ before: 3, after: 3 });
  }, 120_000);
});
