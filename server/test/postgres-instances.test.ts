import type { LoupeEventInput } from '@loupe/shared';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { ensureEventPartitions, monthStart } from '../src/db/postgres/event-partitions.js';
import { prepareEvents } from '../src/features/ingest/http/prepare-events.js';
import { createIngestStore } from '../src/features/ingest/writer/ingest-store.js';
import { prepareDeletedSites, siteLockKey } from '../src/features/ingest/writer/site-write-locks.js';
import { SiteDeleter } from '../src/features/sites/site-deleter.js';
import { createSite, rotateSecret } from '../src/features/sites/sites-store.js';
import { PARTITION_MONTHS_AHEAD } from '../src/plugins/partition-upkeep.js';
import { ADMIN } from './helpers/accounts.js';
import { collect } from './helpers/collect.js';
import { pageview } from './helpers/events.js';
import { postgresTestApps } from './helpers/postgres-test-apps.js';
import type { TestApp } from './helpers/test-app.js';
import { countingExecutions } from './helpers/counting-executions.js';

// Two instances of the server on one PostgreSQL database, as an operator runs them behind a load
// balancer: what one changes, the other sees.

const {
  database,
  apps: [a, b],
} = postgresTestApps({ apps: 2, timeout: 120_000 });

/** Resolves when `t`'s change feed delivers a change of `siteId` (not a safety-TTL drop-all). */
function heard(t: TestApp, siteId: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = t.app.changes.subscribe('sites', (changed) => {
      if (changed !== siteId) return;
      stop();
      resolve();
    });
  });
}

describe('two instances on one PostgreSQL', { timeout: 60_000 }, () => {
  it("an origin removed on one is refused by the other's cached site directory once the change feed tells it", async () => {
    const [gone, kept] = ['https://removed.example', 'https://kept.example'];
    const site = createSite(a.app.db, { name: 'Shop', origins: [gone, kept] });
    const send = (origin: string) => collect(b.app, { key: site.publicKey, events: [pageview()] }, { origin });
    // B's directory now holds the site with both origins.
    expect((await send(gone)).statusCode).toBe(202);

    const told = heard(b, site.siteId);
    // What DELETE /v1/sites/:id/origins does on A: the change (its audit entry aside), then the publish.
    a.app.db.$client.prepare('UPDATE sites SET origins = ? WHERE id = ?').run(JSON.stringify([kept]), site.siteId);
    await a.app.changes.publish({ topic: 'sites', siteId: site.siteId });
    await told;
    const refused = await send(gone);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('origin_not_allowed');
    expect((await send(kept)).statusCode).toBe(202);
  });

  it('a secret rotated on one is refused by the other at once (secret keys are looked up per request)', async () => {
    const site = createSite(a.app.db, { name: 'Rotated', origins: [] });
    const read = (key: string) => b.app.inject({ url: '/v1/site', headers: { authorization: `Bearer ${key}` } });
    expect((await read(site.secretKey)).statusCode).toBe(200);
    const rotated = rotateSecret(a.app.db, site.siteId)!;
    expect((await read(site.secretKey)).statusCode).toBe(401);
    expect((await read(rotated.secretKey)).statusCode).toBe(200);
  });
});

const DAY = 86_400_000;
/** Event ids are UUIDs: one per name used below. */
const ID = { far: 1, old: 2, heldOld: 3, heldNow: 4 } as const;
const uuid = (name: keyof typeof ID) => `00000000-0000-4000-8000-${String(ID[name]).padStart(12, '0')}`;

/**
 * Events stored through the route's validation and the ingest writer, stamped `ts`. Received a
 * second later, as if on that day; with `skewedTo`, received then from a client that sent them at
 * `ts` by its clock, so the server corrects their time by the difference.
 */
async function storeAt(app: App, siteId: string, ts: number, events: LoupeEventInput[], skewedTo?: number) {
  const prepared = prepareEvents(
    events.map((e) => ({ ...e, ts })),
    skewedTo === undefined ? undefined : ts + 500,
    { siteId, receivedAt: skewedTo ?? ts + 1000, client: { device: 'desktop', browser: 'chrome' } },
  );
  expect(prepared.rejected).toEqual([]);
  await app.ingestWriter.write(prepared.rows);
}

const partitionsOf = async (t: TestApp) =>
  (
    await t.app.pgPool!.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'events'::regclass ORDER BY 1`,
    )
  ).rows.map((r) => r.name);

const partitionOf = async (t: TestApp, id: string) =>
  (
    await t.app.pgPool!.query<{ part: string }>('SELECT tableoid::regclass::text AS part FROM events WHERE id = $1', [
      id,
    ])
  ).rows[0]?.part;

describe("events' monthly partitions on a serving instance", { timeout: 60_000 }, () => {
  it('exist from last month to a quarter ahead once the server has started', async () => {
    const before = await partitionsOf(b);
    // What the start made: ensuring again (as the daily upkeep does) finds every month there.
    const expected = await b.app.ensurePartitions!();
    expect(expected).toHaveLength(PARTITION_MONTHS_AHEAD + 2);
    expect(before).toEqual(expect.arrayContaining([...expected, 'events_default']));
    // The next day's upkeep near the end of the quarter makes the month after it.
    const later = await b.app.ensurePartitions!(monthStart(Date.now(), PARTITION_MONTHS_AHEAD));
    expect(later.at(-1)).not.toBe(expected.at(-1));
    expect(await partitionsOf(b)).toEqual(expect.arrayContaining(later));
  });

  it('an event of a month far outside them lands in the default partition', async () => {
    const site = createSite(a.app.db, { name: 'Far clock', origins: [] });
    const far = Date.UTC(2031, 5, 1);
    await storeAt(a.app, site.siteId, far, [pageview({ id: uuid('far'), sessionId: 's-far' })]);
    expect(await partitionOf(a, uuid('far'))).toBe('events_default');
  });
});

describe('the retention job on PostgreSQL', { timeout: 60_000 }, () => {
  it('drops a month every window has left, keeps one an event still in its window holds, and runs on one instance at a time', async () => {
    const now = Date.now();
    const site = createSite(a.app.db, { name: 'Old data', origins: [] });
    // Two months, years ago and past every site's window (395 days at most here), each with its partition.
    const [oldMonth, heldMonth] = [monthStart(now, -40), monthStart(now, -30)];
    for (const at of [oldMonth, heldMonth]) await ensureEventPartitions(a.app.pgPool!, { now: at, monthsAhead: 0 });
    await storeAt(a.app, site.siteId, oldMonth + DAY, [pageview({ id: uuid('old'), sessionId: 's-old' })]);
    await storeAt(a.app, site.siteId, heldMonth + DAY, [pageview({ id: uuid('heldOld'), sessionId: 's-held' })]);
    // Stamped by a clock 30 months slow: its time, corrected, is today, so it is inside the window.
    await storeAt(a.app, site.siteId, heldMonth + DAY, [pageview({ id: uuid('heldNow'), sessionId: 's-now' })], now);
    const [oldPart, heldPart] = [await partitionOf(a, uuid('old')), await partitionOf(a, uuid('heldNow'))];
    expect(oldPart).not.toBe('events_default');
    expect(await partitionOf(a, uuid('heldOld'))).toBe(heldPart);

    // While B holds the job's lock, A's run is skipped, and deletes nothing.
    let release!: () => void;
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const bRun = b.app.jobLock.exclusive('retention', async () => {
      held();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await holding;
    expect(await a.app.retention.runOnce(now)).toEqual([]);
    expect(await partitionsOf(a)).toContain(oldPart);
    release();
    expect(await bRun).toEqual({ ran: true, value: undefined });

    const runs = await a.app.retention.runOnce(now);
    expect(runs.length).toBeGreaterThan(0);
    const parts = await partitionsOf(a);
    expect(parts).not.toContain(oldPart);
    expect(parts).toContain(heldPart);
    // The month a skewed event holds loses its expired rows one by one instead.
    expect(await partitionOf(a, uuid('heldOld'))).toBeUndefined();
    expect(await partitionOf(a, uuid('heldNow'))).toBe(heldPart);
    const sessions = a.app.db.$client
      .prepare('SELECT session_id FROM sessions WHERE site_id = ? ORDER BY 1')
      .pluck()
      .all(site.siteId);
    expect(sessions).toEqual(['s-now']);
  });
});

describe("a site's deletion on PostgreSQL", { timeout: 60_000 }, () => {
  it('is left to the instance that holds it: another one resuming it at its start deletes nothing', async () => {
    const site = createSite(a.app.db, { name: 'Being deleted', origins: [] });
    await storeAt(a.app, site.siteId, Date.now() - DAY, [pageview({ sessionId: 's-deleted' })]);
    const count = () =>
      Number(a.app.db.$client.prepare('SELECT count(*) FROM events WHERE site_id = ?').pluck().get(site.siteId));
    expect(count()).toBe(1);
    const deleter = new SiteDeleter({
      db: a.app.db,
      writer: a.app.ingestWriter,
      log: a.app.log,
      lock: a.app.jobLock,
    });
    const held = await b.app.jobLock.exclusive(`site deletion ${site.siteId}`, () => deleter.purge(site.siteId));
    expect(held).toEqual({ ran: true, value: {} });
    expect(count()).toBe(1);
    await deleter.close();
  });

  const eventsOf = (siteId: string) =>
    Number(a.app.db.$client.prepare('SELECT count(*) FROM events WHERE site_id = ?').pluck().get(siteId));
  const deleteSite = (siteId: string, name: string) =>
    a.app.inject({
      method: 'DELETE',
      url: `/v1/sites/${siteId}`,
      headers: { authorization: `Bearer ${ADMIN}` },
      payload: { confirmName: name },
    });

  it("waits for a commit of the site that holds its write lock, then sweeps that commit's rows too", async () => {
    const doomed = createSite(a.app.db, { name: 'Doomed', origins: [] });
    const kept = createSite(a.app.db, { name: 'Kept', origins: [] });
    await storeAt(a.app, doomed.siteId, Date.now() - DAY, [pageview({ sessionId: 's-doomed' })]);
    await storeAt(a.app, kept.siteId, Date.now() - DAY, [pageview({ sessionId: 's-kept' })]);
    // Connections of the test's own: the apps' pools have one each, which the deletion needs.
    const admin = new pg.Pool({ connectionString: database.url, max: 2 });
    // Another instance's ingest commit of the site, in flight: it took the site's write lock, found
    // the site, and wrote an event (a copy of the stored one), but has not committed yet.
    const columns = (
      await admin.query<{ c: string }>(
        `SELECT quote_ident(column_name) AS c FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = 'events' ORDER BY ordinal_position`,
      )
    ).rows.map((r) => (r.c === 'id' ? "'late-' || id" : r.c));
    const inFlight = await admin.connect();
    try {
      await inFlight.query('BEGIN');
      await inFlight.query('SELECT pg_advisory_xact_lock($1::bigint)', [siteLockKey(doomed.siteId).toString()]);
      await inFlight.query(`INSERT INTO events SELECT ${columns.join(', ')} FROM events WHERE site_id = $1`, [
        doomed.siteId,
      ]);
      const deleting = deleteSite(doomed.siteId, 'Doomed');
      // The marker: the deletion, its site row gone and its first sweep done, waits for that lock.
      for (;;) {
        const { rows } = await admin.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database()
           AND wait_event_type = 'Lock' AND wait_event = 'advisory' AND query LIKE '%pg_advisory_xact_lock%'`,
        );
        if (rows.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(eventsOf(doomed.siteId)).toBe(0);
      await inFlight.query('COMMIT');
      const res = await deleting;
      expect(res.statusCode, res.body).toBe(200);
    } finally {
      inFlight.release();
      await admin.end();
    }
    // The committed copy went in the last sweep; the other site's event is untouched.
    expect(eventsOf(doomed.siteId)).toBe(0);
    expect(eventsOf(kept.siteId)).toBe(1);
  });

  it('drops, in a commit after the deletion, the rows of the deleted site and keeps those of another', async () => {
    const doomed = createSite(a.app.db, { name: 'Gone before commit', origins: [] });
    const kept = createSite(a.app.db, { name: 'Still here', origins: [] });
    expect((await deleteSite(doomed.siteId, 'Gone before commit')).statusCode).toBe(200);
    // What instance B's ingest path accepted before it heard of the deletion, committed only now.
    const rowsOf = (siteId: string, sessionId: string) =>
      prepareEvents([{ ...pageview({ sessionId }), ts: Date.now() }], undefined, {
        siteId,
        receivedAt: Date.now(),
        client: { device: 'desktop', browser: 'chrome' },
      }).rows;
    const results = createIngestStore(b.app.db).commit([
      rowsOf(doomed.siteId, 's-late'),
      rowsOf(kept.siteId, 's-kept-late'),
    ]);
    expect(results).toEqual([
      { accepted: 0, duplicates: 0 },
      { accepted: 1, duplicates: 0 },
    ]);
    expect(eventsOf(doomed.siteId)).toBe(0);
    expect(eventsOf(kept.siteId)).toBe(1);
    const sessions = a.app.db.$client.prepare('SELECT count(*) FROM sessions WHERE site_id = ?').pluck();
    expect(Number(sessions.get(doomed.siteId))).toBe(0);
  });

  it("reads which of a commit's sites are gone in one statement, whatever their number", () => {
    const kept = [
      createSite(a.app.db, { name: 'One', origins: [] }),
      createSite(a.app.db, { name: 'Two', origins: [] }),
    ];
    const ids = new Set([...kept.map((k) => k.siteId), 'site_never_was', 'site_nor_this']);
    const { db, executions } = countingExecutions(b.app.db.$client);
    const deletedSites = prepareDeletedSites(db)!;
    expect(deletedSites(ids)).toEqual(new Set(['site_never_was', 'site_nor_this']));
    expect(executions()).toBe(1);
  });
});
