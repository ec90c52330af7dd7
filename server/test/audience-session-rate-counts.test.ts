import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillAudienceSketches } from '../src/db/backfill-audience-sketches.js';
import { dialectOf } from '../src/db/sql-dialect.js';
import { dayOf } from '../src/lib/hour-bucket.js';
import { VisitorSketch } from '../src/lib/visitor-sketch.js';
import { errorful } from './helpers/errorful-dataset.js';
import { migrationInserts, migrationUpdates } from './helpers/migration-inserts.js';
import { datasetArb } from './helpers/random-dataset.js';
import { propertyRuns } from './helpers/property-runs.js';
import { identifiedDatasetProperty } from './helpers/identified-dataset-property.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { GRAINS, tieredCountSnapshot } from './helpers/tiered-count-snapshot.js';
import { untilCovered } from './helpers/until-covered.js';

// The overview's and series' counts by who the session is (db/schema/audience-session-rates.ts)
// the writer keeps, reading each session before and after a commit, equal the stored sessions
// counted afresh by the migration that added them (its SQL, on the engine under test), and each
// visitor sketch holds exactly the visitors of the stored sessions of its cell (small datasets:
// the sketches are still sets), as does the backfill of older sessions' sketches: whatever the identify calls (traits set after the first page
// views, changed, cleared), returning visitors and commit sizes. The reads over these counts are
// held to plain computations over raw rows by read-metrics-audience-properties.test.ts.

const KEY = ['site_id', 'trait_key', 'trait_value', 'hour', '"returning"', 'device', 'goal'];
const SUMS = ['sessions', 'engaged', 'converted', 'pageviews', 'engaged_ms', 'errored'];

describe('the audience session rates the writer keeps', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  // Rows whose counts all went back to 0 (a session that moved to other traits) are no difference.
  const snapshot = (siteId: string) =>
    tieredCountSnapshot(t.app.db.$client, 'audience_session_rates', KEY, SUMS, siteId);

  interface SessionRow {
    session_id: string;
    visitor_id: string | null;
    hour: number;
    returning: number;
    device: string;
    browser: string;
    language: string;
  }
  /** A sketch table: its cell columns after trait_key and trait_value, and a session's cells in it. */
  const SKETCH_TABLES = {
    audience_visitor_sketches: {
      columns: ['"returning"', 'device'],
      cellsOf: (s: SessionRow) => [[Number(s.returning), s.device]],
    },
    audience_dimension_sketches: {
      columns: ['dim', 'value', '"returning"', 'device'],
      cellsOf: (s: SessionRow) => [
        ['browser', s.browser, Number(s.returning), s.device],
        ['language', s.language, Number(s.returning), s.device],
      ],
    },
  };

  /** Each sketch cell's visitor count as stored, and as the stored sessions say. */
  const sketches = (siteId: string, table: keyof typeof SKETCH_TABLES = 'audience_visitor_sketches') => {
    const db = t.app.db.$client;
    const spec = SKETCH_TABLES[table];
    const stored = new Map<string, number>();
    for (const r of db
      .prepare(
        `SELECT trait_key, trait_value, tier, start, ${spec.columns.join(', ')}, visitors FROM ${table} WHERE site_id = ?`,
      )
      .raw()
      .all(siteId) as unknown[][]) {
      const s = VisitorSketch.decode(r.at(-1) as Buffer);
      expect(s.isExact).toBe(true);
      const n = s.estimate();
      const [key, value, tier, start, ...cell] = r.slice(0, -1);
      if (n > 0) stored.set([key, value, tier, Number(start), ...cell].join('|'), n);
    }
    const people = new Map<string, Set<string>>();
    const sessions = db
      .prepare(
        'SELECT session_id, visitor_id, hour, "returning", device, browser, language FROM sessions WHERE site_id = ?',
      )
      .all(siteId) as SessionRow[];
    const traits = db.prepare('SELECT session_id, key, value FROM session_traits WHERE site_id = ?').all(siteId) as {
      session_id: string;
      key: string;
      value: string;
    }[];
    for (const s of sessions) {
      const who = s.visitor_id ?? `session ${s.session_id}`;
      const keys = [['', ''], ...traits.filter((x) => x.session_id === s.session_id).map((x) => [x.key, x.value])];
      for (const [key, value] of keys) {
        for (const [tier, start] of [
          ['hour', Number(s.hour)],
          ['day', dayOf(Number(s.hour))],
        ]) {
          for (const cell of spec.cellsOf(s)) {
            const id = [key, value, tier, start, ...cell].join('|');
            if (!people.has(id)) people.set(id, new Set());
            people.get(id)!.add(who);
          }
        }
      }
    }
    return { stored, expected: new Map([...people].map(([id, set]) => [id, set.size])) };
  };

  it('equal the stored sessions counted afresh by the migration, and the sketches their visitors', async () => {
    const db = t.app.db.$client;
    const pg = dialectOf(db) === 'postgres';
    // The counts of sessions with an error came later: their migration recounts them after the inserts.
    const errored = migrationUpdates('audience_errors', 'audience_session_rates', pg);
    expect(errored).toHaveLength(3);
    const statements = [...migrationInserts('audience_session_rates', pg), ...errored];
    expect(statements).toHaveLength(9);
    // Rows under a trait, of returning visitors, of goals and with errors must have been compared, not only the '' rows.
    const seen = { trait: false, returning: false, goal: false, errored: false };
    await untilCovered(
      () =>
        fc.assert(
          identifiedDatasetProperty(
            t,
            (siteId) => {
              const { stored, expected } = sketches(siteId);
              expect(stored).toEqual(expected);
              // The backfill of older sessions' sketches gives the same.
              db.prepare('DELETE FROM audience_visitor_sketches').run();
              db.prepare('DELETE FROM settings WHERE key = ?').run('backfill.audience_visitor_sketches');
              backfillAudienceSketches(t.app.db);
              expect(sketches(siteId).stored).toEqual(expected);
              const kept = snapshot(siteId);
              for (const { rows } of kept) {
                for (const r of rows as unknown[][]) {
                  if (r[1] !== '') seen.trait = true;
                  if (Number(r[4]) === 1) seen.returning = true;
                  if (r[6] !== '') seen.goal = true;
                  if (Number(r[KEY.length + SUMS.indexOf('errored')]) > 0) seen.errored = true;
                }
              }
              for (const grain of GRAINS) db.prepare(`DELETE FROM audience_session_rates${grain}`).run();
              for (const sql of statements) db.prepare(sql).run();
              expect(snapshot(siteId)).toEqual(kept);
            },
            errorful(datasetArb),
          ),
          { numRuns: propertyRuns(25) },
        ),
      () => seen.trait && seen.returning && seen.goal && seen.errored,
    );
    expect(seen).toEqual({ trait: true, returning: true, goal: true, errored: true });
  }, 240_000);

  it('by browser, language, entry page and release equal the stored sessions counted afresh by the migrations, and the sketches their visitors', async () => {
    const db = t.app.db.$client;
    const pg = dialectOf(db) === 'postgres';
    const errored = migrationUpdates('audience_errors', 'audience_dimension_rates', pg);
    expect(errored).toHaveLength(3);
    // The release came later still: its migration inserts its rows, every counter with them.
    const release = migrationInserts('audience_release_rates', pg);
    expect(release).toHaveLength(4);
    const statements = [...migrationInserts('audience_dimension_rates', pg), ...errored, ...release];
    const key = ['site_id', 'trait_key', 'trait_value', 'dim', 'hour', '"returning"', 'device', 'value'];
    const counts = (siteId: string) => tieredCountSnapshot(db, 'audience_dimension_rates', key, SUMS, siteId);
    // Rows under a trait, of returning visitors, with errors and of a release (not '') must have been
    // compared, not only the '' rows.
    const seen = { trait: false, returning: false, errored: false, release: false };
    await untilCovered(
      () =>
        fc.assert(
          identifiedDatasetProperty(
            t,
            (siteId) => {
              const { stored, expected } = sketches(siteId, 'audience_dimension_sketches');
              expect(stored).toEqual(expected);
              db.prepare('DELETE FROM audience_dimension_sketches').run();
              db.prepare('DELETE FROM settings WHERE key = ?').run('backfill.audience_dimension_sketches');
              backfillAudienceSketches(t.app.db);
              expect(sketches(siteId, 'audience_dimension_sketches').stored).toEqual(expected);
              const kept = counts(siteId);
              for (const { rows } of kept) {
                for (const r of rows as unknown[][]) {
                  if (r[1] !== '') seen.trait = true;
                  if (Number(r[5]) === 1) seen.returning = true;
                  if (Number(r[key.length + SUMS.indexOf('errored')]) > 0) seen.errored = true;
                  if (r[3] === 'release' && r[7] !== '' && Number(r[key.length]) > 0) seen.release = true;
                }
              }
              for (const grain of GRAINS) db.prepare(`DELETE FROM audience_dimension_rates${grain}`).run();
              for (const sql of statements) db.prepare(sql).run();
              expect(counts(siteId)).toEqual(kept);
            },
            errorful(datasetArb),
          ),
          { numRuns: propertyRuns(25) },
        ),
      () => seen.trait && seen.returning && seen.errored && seen.release,
    );
    expect(seen).toEqual({ trait: true, returning: true, errored: true, release: true });
  }, 240_000);
  // The engagement histogram by who the session is, and the same split by browser or language.
  const ENGAGEMENT_COUNTS = [
    {
      what: 'by engagement bucket',
      table: 'audience_engagement_counts',
      migration: 'audience_engagement_counts',
      dims: [],
    },
    {
      what: 'by engagement bucket and browser or language',
      table: 'audience_dimension_engagement_counts',
      migration: 'audience_dimension_engagement',
      dims: ['browser', 'language'],
    },
  ];
  for (const { what, table, migration, dims } of ENGAGEMENT_COUNTS)
    it(`${what} equal the stored sessions counted afresh by the migration`, async () => {
      const db = t.app.db.$client;
      const statements = migrationInserts(migration, dialectOf(db) === 'postgres');
      expect(statements).toHaveLength(4);
      const split = dims.length > 0;
      const key = [
        'site_id',
        'trait_key',
        'trait_value',
        ...(split ? ['dim'] : []),
        'hour',
        '"returning"',
        'device',
        ...(split ? ['value'] : []),
        'bucket',
      ];
      const at = (column: string) => key.indexOf(column);
      const counts = (siteId: string) => tieredCountSnapshot(db, table, key, ['sessions', 'engaged_ms'], siteId);
      // Rows under a trait, of returning visitors, of engaged sessions (a bucket past "none", so a
      // session moved between buckets as its engagement arrived) and of each dimension must have
      // been compared.
      const wanted = ['trait', 'returning', 'engaged', ...dims].sort();
      const seen = new Set<string>();
      await untilCovered(
        () =>
          fc.assert(
            identifiedDatasetProperty(t, (siteId) => {
              const kept = counts(siteId);
              for (const { rows } of kept) {
                for (const r of rows as unknown[][]) {
                  if (r[1] !== '') seen.add('trait');
                  if (Number(r[at('"returning"')]) === 1) seen.add('returning');
                  if (Number(r[at('bucket')]) >= 0) seen.add('engaged');
                  if (split) seen.add(String(r[at('dim')]));
                }
              }
              for (const grain of GRAINS) db.prepare(`DELETE FROM ${table}${grain}`).run();
              for (const sql of statements) db.prepare(sql).run();
              expect(counts(siteId)).toEqual(kept);
            }),
            { numRuns: propertyRuns(25) },
          ),
        () => wanted.every((k) => seen.has(k)),
      );
      expect([...seen].sort()).toEqual(wanted);
    }, 240_000);
});
