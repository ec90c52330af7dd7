import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillSampleLevels } from '../src/db/backfill-sample-levels.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { MAX_SAMPLE_LEVEL, sessionSampleLevel } from '../src/lib/session-sample-level.js';
import { rows } from './helpers/collect.js';
import { ingestDataset } from './helpers/ingest-dataset.js';
import { migrationStatements } from './helpers/migration-inserts.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { desktopEvent } from './helpers/desktop-event.js';

// session_traits keeps its session's start hour and sample level (an audience's walk reads the
// sessions of its rarest trait in a range, or a fixed sample of them, from those columns' index):
// written so by identify, whether it sets, replaces or clears the traits, and by the migration's
// backfill for rows stored before the columns (SQLite: its UPDATE of the hour, then
// db/backfill-sample-levels.ts; PostgreSQL: the migration's SQL, the hash included). So does each
// session's own row (an audience without a trait walks the sessions by sample level).

const T0 = Date.UTC(2026, 10, 2, 10, 20);
const HOUR = 3_600_000;
const postgres = process.env.LOUPE_TEST_DB === 'postgres';

interface TraitRow {
  session_id: string;
  key: string;
  value: string;
  hour: number;
  sample_level: number;
  person_level: number;
  visitor_id: string | null;
}

describe('session_traits: its session’s start hour and sample level', () => {
  let t: TestApp;
  let site: ReturnType<typeof createSite>;
  /** Sessions with an identify call that sets traits: random ids, so their levels differ. */
  const ids = Array.from({ length: 120 }, () => randomUUID());
  const replaced = ids[0]!;
  const cleared = ids[1]!;
  /** A session whose visitor id came in a batch after its traits: one whose visitor is above level 0, else it would not tell. */
  const late = Array.from({ length: 64 }, (_, n) => `late-${n}`).find((id) => sessionSampleLevel(`v-${id}`) > 0)!;
  let lateBefore: TraitRow[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    site = createSite(t.app.db, { name: 'Shop', origins: [] });
    const ev = (sessionId: string, ts: number, rest: Record<string, unknown>) =>
      desktopEvent({ sessionId, visitorId: `v-${sessionId}`, ts }, rest);
    const events = ids.flatMap((id, i) => {
      // Sessions spread over several hours, each identified after its first page view.
      const start = T0 + (i % 7) * HOUR;
      return [
        ev(id, start, { type: 'pageview' }),
        ev(id, start + 1000, { type: 'identify', customerId: `c-${id}`, traits: { plan: i % 2 ? 'pro' : 'free' } }),
      ];
    });
    // Later calls, two hours on (past the session's start hour): one replaces the traits, one clears them.
    events.push(
      ev(replaced, T0 + 2 * HOUR + 5000, { type: 'identify', customerId: 'c-r', traits: { plan: 'team', seats: 3 } }),
      ev(cleared, T0 + 2 * HOUR + 5000, { type: 'identify' }),
    );
    ingestDataset(t.app, site.siteId, events, 16);
    // A session identified before its first visitor id came (in a later batch): its rows then belong to that visitor.
    const anonymous = (ts: number, rest: Record<string, unknown>) => desktopEvent({ sessionId: late, ts }, rest);
    ingestDataset(t.app, site.siteId, [
      anonymous(T0, { type: 'pageview' }),
      anonymous(T0 + 500, { type: 'identify', traits: { plan: 'pro' } }),
    ]);
    lateBefore = traits().filter((r) => r.session_id === late);
    ingestDataset(t.app, site.siteId, [ev(late, T0 + 900, { type: 'pageview' })]);
  });
  afterAll(() => t.close());

  const traits = () =>
    rows<TraitRow>(
      t.app,
      'SELECT session_id, key, value, hour, sample_level, person_level, visitor_id FROM session_traits WHERE site_id = ? ' +
        'ORDER BY session_id, key',
      site.siteId,
    );
  const sessionHours = () =>
    new Map(
      rows<{ session_id: string; hour: number }>(
        t.app,
        'SELECT session_id, hour FROM sessions WHERE site_id = ?',
        site.siteId,
      ).map((s) => [s.session_id, Number(s.hour)]),
    );

  /**
   * Runs a migration's backfill again: its statements but the schema changes (the columns and
   * indexes exist; `statements` of them on PostgreSQL, where the hash is SQL, none or the hour's
   * UPDATE on SQLite), then on SQLite its JS step, if it has one (`backfill`), once its `settings`
   * row (`doneKey`) is gone.
   */
  const backfillAgain = (migration: string, statements: number, doneKey?: string, backfill?: () => void) => {
    const db = t.app.db.$client;
    const sql = migrationStatements(migration, postgres).filter(
      (s) => !/^(DROP INDEX|ALTER TABLE|CREATE INDEX)\b/.test(s),
    );
    expect(sql.length).toBe(statements);
    for (const x of sql) db.exec(x);
    if (!postgres && doneKey !== undefined && backfill !== undefined) {
      db.prepare('DELETE FROM settings WHERE key = ?').run(doneKey);
      backfill();
    }
  };

  it('identify writes each trait with its session’s start hour and sample level, through a replace and a clear', () => {
    const hours = sessionHours();
    const kept = traits().filter((r) => r.session_id !== late);
    expect(kept.filter((r) => r.session_id === replaced).map((r) => [r.key, r.value])).toEqual([
      ['plan', 'team'],
      ['seats', '3'],
    ]);
    expect(kept.filter((r) => r.session_id === cleared)).toEqual([]);
    // One row per identified session: the cleared one has none, the replaced one two.
    expect(kept.length).toBe(ids.length);
    for (const r of kept) {
      expect([r.session_id, Number(r.hour), Number(r.sample_level)]).toEqual([
        r.session_id,
        hours.get(r.session_id),
        sessionSampleLevel(r.session_id),
      ]);
    }
    // The replacing call came two hours after its session started: the rows keep the start hour.
    expect(Number(kept.find((r) => r.session_id === replaced)!.hour)).toBe(T0 - (T0 % HOUR));
    // The ids fell at several levels (else the level would not be tested).
    expect(new Set(kept.map((r) => Number(r.sample_level))).size).toBeGreaterThan(2);
  });

  it('identify writes each trait with its visitor and their sample level, and the visitor id coming later sets them', () => {
    const kept = traits().filter((r) => r.session_id !== late);
    expect(kept.filter((r) => Number(r.person_level) !== sessionSampleLevel(`v-${r.session_id}`))).toEqual([]);
    expect(kept.filter((r) => r.visitor_id !== `v-${r.session_id}`)).toEqual([]);
    expect(new Set(kept.map((r) => Number(r.person_level))).size).toBeGreaterThan(2);
    // Stored first without a visitor (none, level 0), then its visitor's.
    expect(lateBefore.map((r) => [r.key, r.visitor_id, Number(r.person_level)])).toEqual([['plan', null, 0]]);
    expect(
      traits()
        .filter((r) => r.session_id === late)
        .map((r) => [r.key, r.visitor_id, Number(r.person_level)]),
    ).toEqual([['plan', `v-${late}`, sessionSampleLevel(`v-${late}`)]]);
  });

  it('the migration’s backfill gives rows stored without the visitor id their session’s', () => {
    const want = traits();
    const db = t.app.db.$client;
    db.prepare('UPDATE session_traits SET visitor_id = NULL WHERE site_id = ?').run(site.siteId);
    expect(traits().every((r) => r.visitor_id === null)).toBe(true);
    // Its UPDATE alone, on either database: the visitor id needs no hash.
    backfillAgain('session_traits_visitor', 1);
    expect(traits()).toEqual(want);
  });

  it('the migration’s backfill gives rows stored with person_level’s default their visitor’s level', () => {
    const want = traits();
    const db = t.app.db.$client;
    db.prepare('UPDATE session_traits SET person_level = 0 WHERE site_id = ?').run(site.siteId);
    expect(traits().every((r) => Number(r.person_level) === 0)).toBe(true);
    backfillAgain('session_traits_person', postgres ? 5 : 0, 'backfill.session_traits.person_level', () =>
      backfillSampleLevels(t.app.db),
    );
    expect(traits()).toEqual(want);
  });

  it('the migration’s backfill gives rows stored with the columns’ defaults the same hour and level', () => {
    const want = traits();
    const db = t.app.db.$client;
    db.prepare('UPDATE session_traits SET hour = 0, sample_level = 0 WHERE site_id = ?').run(site.siteId);
    expect(traits().every((r) => Number(r.hour) === 0 && Number(r.sample_level) === 0)).toBe(true);
    backfillAgain('session_traits_sample', postgres ? 5 : 1, 'backfill.session_traits.sample_level', () =>
      backfillSampleLevels(t.app.db),
    );
    expect(traits()).toEqual(want);
  });

  it('sessions: ingest writes each one’s sample level, and the migration’s backfill gives rows stored with the default the same', () => {
    const levels = () =>
      rows<{ session_id: string; sample_level: number }>(
        t.app,
        'SELECT session_id, sample_level FROM sessions WHERE site_id = ?',
        site.siteId,
      )
        .filter((r) => r.session_id !== late)
        .map((r) => [r.session_id, Number(r.sample_level)] as const)
        .toSorted(([a], [b]) => (a < b ? -1 : 1));
    const want = levels();
    expect(want).toEqual(ids.toSorted().map((id) => [id, sessionSampleLevel(id)] as const));
    expect(new Set(want.map(([, level]) => level)).size).toBeGreaterThan(2);
    const db = t.app.db.$client;
    db.prepare('UPDATE sessions SET sample_level = 0 WHERE site_id = ?').run(site.siteId);
    expect(levels().every(([, level]) => level === 0)).toBe(true);
    backfillAgain('sessions_sample', postgres ? 5 : 0, 'backfill.sessions.sample_level', () =>
      backfillSampleLevels(t.app.db),
    );
    expect(levels()).toEqual(want);
  });

  it.runIf(postgres)('PostgreSQL’s backfill hashes any id as the server does', () => {
    const db = t.app.db.$client;
    const functions = migrationStatements('session_traits_sample', true).filter((s) => s.startsWith('CREATE FUNCTION'));
    expect(functions).toHaveLength(2);
    for (const sql of functions) db.exec(sql);
    try {
      const level = db.prepare('SELECT loupe_session_sample_level(?) AS level').pluck();
      const samples = [...Array.from({ length: 300 }, () => randomUUID()), '', 's0', 'é-ü-ß', 'x'.repeat(200)];
      const got = samples.map((id) => Number(level.get(id)));
      expect(got).toEqual(samples.map(sessionSampleLevel));
      expect(Math.max(...got)).toBeLessThanOrEqual(MAX_SAMPLE_LEVEL);
    } finally {
      db.exec('DROP FUNCTION loupe_session_sample_level(text)');
      db.exec('DROP FUNCTION loupe_mul32(bigint, bigint)');
    }
  });
});
