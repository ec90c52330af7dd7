import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dialectOf } from '../src/db/sql-dialect.js';
import { deleteSubjectRows, personalTables } from '../src/features/erasure/erasure-store.js';
import { AudienceClickDeltas } from '../src/features/ingest/derive/audience-click-deltas.js';
import { AudiencePageRateDeltas } from '../src/features/ingest/derive/audience-page-rate-deltas.js';
import { noRetentionCounts, retentionStore } from '../src/features/retention/retention-store.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { dayOf, monthOf } from '../src/lib/hour-bucket.js';
import { countingExecutions } from './helpers/counting-executions.js';
import { identifiedDatasetProperty } from './helpers/identified-dataset-property.js';
import { withIdentify } from './helpers/identify-events.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { migrationInserts } from './helpers/migration-inserts.js';
import { propertyRuns } from './helpers/property-runs.js';
import { datasetArb, datasetEvents, type DatasetEvent, DST_ANCHORS, sessionArb } from './helpers/random-dataset.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { GRAINS, tieredCountSnapshot } from './helpers/tiered-count-snapshot.js';
import { untilCovered } from './helpers/until-covered.js';

// The clicks by who the session is (db/schema/audience-clicks.ts) the writer keeps equal the
// stored sessions' clicks counted afresh by the migration that added them (its SQL, on the engine
// under test), whatever the identify calls (traits set after a session's first clicks, changed,
// cleared) and commit sizes. Retention and erasure leave them as they are, as they leave the click
// rollups: a session deleted, then stored anew from its events, counts its old clicks (kept) and
// its new ones. The route's reads of these counts are held to plain computations over raw rows by
// read-audience-insights-properties.test.ts.

const KEY = ['site_id', 'trait_key', 'trait_value', 'kind', 'hour', '"returning"', 'device', 'path', 'selector'];
const SUMS = ['events', 'clicks'];
type Counts = Map<string, [number, number]>;

describe('the clicks by who the session is', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  const snapshot = (siteId: string) => tieredCountSnapshot(t.app.db.$client, 'audience_clicks', KEY, SUMS, siteId);

  /** The kept rows of each grain as key → [events, clicks]. */
  const kept = (siteId: string): Counts[] =>
    snapshot(siteId).map(
      ({ rows }) =>
        new Map(
          (rows as unknown[][]).map((r) => [r.slice(1, KEY.length).join(' '), [Number(r[9]), Number(r[10])]] as const),
        ),
    );

  /** The stored sessions' clicks, under '' and each trait, with their returning flag, at each grain. */
  const recount = (siteId: string): Counts[] => {
    const rows = t.app.db.$client
      .prepare(
        `SELECT '' AS k, '' AS v, c.kind, c.hour, s."returning", c.device, c.path, c.selector, c.events, c.clicks ` +
          'FROM sessions AS s JOIN session_clicks AS c ON c.site_id = s.site_id AND c.session_id = s.session_id WHERE s.site_id = ? ' +
          'UNION ALL SELECT t.key, t.value, c.kind, c.hour, s."returning", c.device, c.path, c.selector, c.events, c.clicks ' +
          'FROM session_traits AS t JOIN sessions AS s ON s.site_id = t.site_id AND s.session_id = t.session_id ' +
          'JOIN session_clicks AS c ON c.site_id = s.site_id AND c.session_id = s.session_id WHERE t.site_id = ?',
      )
      .raw()
      .all(siteId, siteId) as unknown[][];
    return [(h: number) => h, dayOf, monthOf].map((grain) => {
      const out: Counts = new Map();
      for (const r of rows) {
        const key = [r[0], r[1], r[2], grain(Number(r[3])), Number(r[4]), r[5], r[6], r[7]].join(' ');
        const c = out.get(key) ?? [0, 0];
        out.set(key, [c[0] + Number(r[8]), c[1] + Number(r[9])]);
      }
      return out;
    });
  };

  /** a + b − c, key by key, without the keys that come to 0. */
  const combine = (a: Counts, b: Counts, c: Counts): Counts => {
    const out: Counts = new Map();
    for (const [m, sign] of [
      [a, 1],
      [b, 1],
      [c, -1],
    ] as const) {
      for (const [k, v] of m) {
        const x = out.get(k) ?? [0, 0];
        out.set(k, [x[0] + sign * v[0], x[1] + sign * v[1]]);
      }
    }
    for (const [k, v] of out) if (v[0] === 0 && v[1] === 0) out.delete(k);
    return out;
  };

  it('equal the stored sessions counted afresh by the migration, and stay through retention and erasure', async () => {
    const db = t.app.db.$client;
    const statements = migrationInserts('audience_clicks', dialectOf(db) === 'postgres');
    expect(statements).toHaveLength(4);
    // Rows under a trait and of returning visitors, and stored sessions whose clicks moved to other
    // keys (an identify after their clicks, in a later commit), must have been compared.
    const seen = { trait: false, returning: false, moved: 0 };
    const moves = vi.spyOn(AudienceClickDeltas.prototype as unknown as { applyMoves(): void }, 'applyMoves');
    await untilCovered(
      () =>
        fc.assert(
          fc.property(datasetArb, fc.nat(), fc.integer({ min: 1, max: 40 }), (dataset, salt, batch) => {
            const site = createSite(t.app.db, { name: 'a', origins: [] });
            const siteId = site.siteId;
            const events = withIdentify(datasetEvents(dataset, createDatasetPrompts(t.app, siteId)), salt);
            const callsBefore = moves.mock.calls.length;
            ingestDataset(t.app, siteId, events, batch);
            seen.moved += moves.mock.calls.length - callsBefore;

            const writer = snapshot(siteId);
            for (const { rows } of writer) {
              for (const r of rows as unknown[][]) {
                if (r[1] !== '') seen.trait = true;
                if (Number(r[5]) === 1) seen.returning = true;
              }
            }
            for (const grain of GRAINS) db.prepare(`DELETE FROM audience_clicks${grain}`).run();
            for (const sql of statements) db.prepare(sql).run();
            expect(snapshot(siteId)).toEqual(writer);

            // Retention deletes one session, erasure another (every table, as the eraser does): the
            // counts stay. Then both sessions' events arrive again under new ids: stored anew, they
            // add their clicks to what the counts kept of them.
            const sessions = [...new Set(events.map((e) => e.event.sessionId))];
            const [retired, erased] = [sessions[salt % sessions.length]!, sessions[(salt + 1) % sessions.length]!];
            const before = recount(siteId);
            retentionStore(t.app.db).deleteSessions(siteId, [retired], noRetentionCounts());
            for (const table of personalTables(t.app.db).filter((x) => x.bySession)) {
              while (deleteSubjectRows(t.app.db, table.name, siteId, { sessions: [erased] }, 100, {}) === 100);
            }
            const after = recount(siteId);
            expect(kept(siteId)).toEqual(before.map((m) => combine(m, new Map(), new Map())));
            const again: DatasetEvent[] = events
              .filter((e) => e.event.sessionId === retired || e.event.sessionId === erased)
              .map((e) => ({ ...e, event: { ...e.event, id: randomUUID() } }));
            ingestDataset(t.app, siteId, again, batch);
            const now = recount(siteId);
            expect(kept(siteId)).toEqual(now.map((m, i) => combine(m, before[i]!, after[i]!)));
          }),
          { numRuns: propertyRuns(30) },
        ),
      () => seen.trait && seen.returning && seen.moved > 0,
    );
    expect({ ...seen, moved: seen.moved > 0 }).toEqual({ trait: true, returning: true, moved: true });
  }, 300_000);

  // Each execution is a round trip on PostgreSQL: the moved sessions' clicks are one read per
  // commit, however many sessions moved (5–10 drawn here, each given a new trait at once).
  it('read the clicks of every moved session in one statement, and move them exactly', () => {
    const db = t.app.db.$client;
    const statements = migrationInserts('audience_clicks', dialectOf(db) === 'postgres');
    let most = 0;
    /** Rows of clicks the moves carried: a move of sessions without clicks would prove nothing. */
    let clicks = 0;
    fc.assert(
      identifiedDatasetProperty(
        t,
        (siteId) => {
          const sessions = db
            .prepare('SELECT session_id FROM sessions WHERE site_id = ?')
            .pluck()
            .all(siteId) as string[];
          most = Math.max(most, sessions.length);
          clicks += Number(db.prepare('SELECT count(*) FROM session_clicks WHERE site_id = ?').pluck().get(siteId));
          const counting = countingExecutions(db);
          const deltas = new AudiencePageRateDeltas(counting.db);
          for (const id of sessions) deltas.touch(siteId, id);
          deltas.before();
          const trait = db.prepare(
            "INSERT INTO session_traits (site_id, session_id, key, value) VALUES (?, ?, 'zz', 'moved')",
          );
          for (const id of sessions) trait.run(siteId, id);
          deltas.apply();
          expect(counting.executed.filter((x) => x.sql.includes('session_clicks')).length).toBe(1);
          const writer = snapshot(siteId);
          for (const grain of GRAINS) db.prepare(`DELETE FROM audience_clicks${grain}`).run();
          for (const sql of statements) db.prepare(sql).run();
          expect(snapshot(siteId)).toEqual(writer);
        },
        fc.record({
          anchor: fc.constantFrom(...DST_ANCHORS),
          sessions: fc.array(sessionArb, { minLength: 5, maxLength: 10 }),
        }),
      ),
      { numRuns: propertyRuns(6) },
    );
    expect(most).toBeGreaterThan(3);
    expect(clicks).toBeGreaterThan(0);
  }, 120_000);
});
