import { readdirSync, readFileSync } from 'node:fs';
import type { LoupeEventInput } from '@loupe/shared';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { siteLockKey, siteLockKeys } from '../src/features/ingest/writer/site-write-locks.js';
import { WRITER_POSTGRES_URL_ENV } from '../src/features/ingest/writer/writer-thread-protocol.js';
import { collect, shopSite } from './helpers/collect.js';
import { pageview } from './helpers/events.js';
import { postgresTestApps } from './helpers/postgres-test-apps.js';
import { createTestApp } from './helpers/test-app.js';

// The ingest writer on PostgreSQL when the connection or another writer gets in its way: a commit
// whose connection is cut answers 503 and stores nothing, the next one reconnects; a commit that
// PostgreSQL rolls back for a deadlock is retried whole; the same event id sent to two instances is
// stored once. The writer commits in a process of its own (process-commit-backend.ts), as SQLite's
// does in a thread: the event loop stays free while a commit waits on PostgreSQL, and a writer that
// dies mid-commit fails that commit's requests only. What happens at the marker (the writer waiting
// on a lock) is done by a DO block inside PostgreSQL: were the commit blocking this thread, the test
// could set no marker, and the block gives up (bounded).

/** This file tests the writer process, which other test apps on PostgreSQL go without. */
const WITH_WRITER_PROCESS = { LOUPE_WRITER_THREAD: 'true' };

/** The writer of this file reports a deadlock after this long (the other side waits far longer). */
const WRITER_DEADLOCK_TIMEOUT = '200ms';

let admin: pg.Client;
let site: { siteId: string; publicKey: string };

const {
  database,
  apps: [t],
} = postgresTestApps({
  // Tests here hold a site's lock while they look at the writer waiting for it: however slow the
  // machine, the writer must not give up on it first.
  env: { ...WITH_WRITER_PROCESS, LOUPE_PG_WRITER_LOCK_TIMEOUT_MS: '60000' },
  prepare: async (database) => {
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    // Defaults of the database that the writer's connection must not take (synchronous_commit), and
    // one that makes its deadlock checks quick.
    await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(database.name)} SET synchronous_commit = off`);
    await admin.query(
      `ALTER DATABASE ${pg.escapeIdentifier(database.name)} SET deadlock_timeout = '${WRITER_DEADLOCK_TIMEOUT}'`,
    );
  },
});

beforeAll(() => {
  site = shopSite(t.app);
});

afterAll(async () => {
  await admin?.end();
});

/** The backend of the writer's connection (the writer process's: LOUPE_WRITER_THREAD is on). */
async function writerPid(): Promise<number> {
  const { rows } = await admin.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'loupe-writer'",
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.pid;
}
const storedIds = async (ids: string[]) =>
  (await admin.query<{ id: string }>('SELECT id FROM events WHERE id = ANY($1) ORDER BY id', [ids])).rows.map(
    (r) => r.id,
  );
const batchOf = (n: number, sessionId: string): LoupeEventInput[] =>
  Array.from({ length: n }, (_, i) => pageview({ sessionId, path: `/p${i}` }));

/**
 * Runs `body` (PL/pgSQL) on a connection of its own, as one statement, and resolves once that
 * connection has done its first part and sleeps (pg_sleep): the caller then sends the request the
 * body waits for.
 */
async function inPostgres(body: string): Promise<{ done: Promise<unknown> }> {
  const other = new pg.Client({ connectionString: database.url });
  await other.connect();
  const pid = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const done = other.query(`DO $$ ${body} $$`).finally(() => other.end());
  done.catch(() => {});
  for (;;) {
    const { rows } = await admin.query('SELECT wait_event FROM pg_stat_activity WHERE pid = $1', [pid]);
    if (rows[0]?.wait_event === 'PgSleep') return { done };
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** PL/pgSQL that waits (20 s at most) until backend `pid` waits on a lock. */
const untilWaitingOnLock = (pid: number) => `
  FOR i IN 1..4000 LOOP
    -- A transaction reads pg_stat_activity once, unless told to read it again.
    PERFORM pg_stat_clear_snapshot();
    EXIT WHEN EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = ${pid} AND wait_event_type = 'Lock');
    PERFORM pg_sleep(0.005);
  END LOOP;`;

describe('the ingest writer on PostgreSQL', () => {
  it('commits with synchronous_commit=on whatever the database says', async () => {
    const setting = "SELECT current_setting('synchronous_commit') AS s";
    expect(t.app.db.$client.prepare(setting).pluck().get()).toBe('on');
    // A plain connection opened now takes the database's default.
    const plain = new pg.Client({ connectionString: database.url });
    await plain.connect();
    try {
      expect((await plain.query(setting)).rows[0].s).toBe('off');
    } finally {
      await plain.end();
    }
  });

  it('stores an event id sent to two instances once, whatever clock correction each applied', async () => {
    const other = await createTestApp(WITH_WRITER_PROCESS, { postgresUrl: database.url });
    try {
      const events = batchOf(3, 'twice');
      const first = await collect(t.app, { key: site.publicKey, events, sentAt: Date.now() - 3_600_000 });
      expect(first.statusCode, first.body).toBe(202);
      const again = await collect(other.app, { key: site.publicKey, events });
      expect(again.statusCode, again.body).toBe(202);
      expect(again.json()).toMatchObject({ accepted: 0, duplicates: 3 });
      expect(await storedIds(events.map((e) => e.id))).toHaveLength(3);
    } finally {
      await other.close();
    }
    // Another app and its writer process start here: seconds on a loaded machine.
  }, 30_000);

  it('answers 503 problem+json with Retry-After when the connection is cut mid-commit, stores none of it, and reconnects for the next request', async () => {
    const pid = await writerPid();
    // Holds the site's row, which the commit updates last (its last event time), then cuts the
    // writer's connection once it waits for that row: every event and derivation is written by then.
    const cut = await inPostgres(`BEGIN
      UPDATE sites SET name = name WHERE id = '${site.siteId}';
      PERFORM pg_sleep(0.05);
      ${untilWaitingOnLock(pid)}
      PERFORM pg_terminate_backend(${pid});
    END`);
    const events = batchOf(5, 'cut');
    const res = await collect(t.app, { key: site.publicKey, events });
    await cut.done;
    expect(res.statusCode, res.body).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ code: 'storage_unavailable' });
    expect(await storedIds(events.map((e) => e.id))).toEqual([]);
    const sessions = await admin.query("SELECT 1 FROM sessions WHERE session_id = 'cut'");
    expect(sessions.rowCount).toBe(0);

    // The client resends the same batch: a new connection stores it, once.
    const again = await collect(t.app, { key: site.publicKey, events });
    expect(again.statusCode, again.body).toBe(202);
    expect(again.json()).toMatchObject({ accepted: 5, duplicates: 0 });
    expect(await storedIds(events.map((e) => e.id))).toHaveLength(5);
    expect(await writerPid()).not.toBe(pid);
  });

  it('reconnects without failing a request when the connection was dropped while idle', async () => {
    const pid = await writerPid();
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    while ((await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const events = batchOf(2, 'idle');
    const res = await collect(t.app, { key: site.publicKey, events });
    expect(res.statusCode, res.body).toBe(202);
    expect(await storedIds(events.map((e) => e.id))).toHaveLength(2);
  });

  it('retries the whole commit when PostgreSQL rolls it back for a deadlock, and stores it once', async () => {
    const pid = await writerPid();
    const deadlocks = async () =>
      Number(
        (await admin.query('SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()')).rows[0]
          .deadlocks,
      );
    const before = await deadlocks();
    // Holds the site's row; once the writer (holding the site's write lock) waits for it, asks for
    // the site's write lock: a deadlock, which the writer's backend reports first (it waits with
    // the shorter deadlock_timeout) and is rolled back. This side then gets the lock and ends.
    const other = await inPostgres(`BEGIN
      PERFORM set_config('deadlock_timeout', '20s', true);
      UPDATE sites SET name = name WHERE id = '${site.siteId}';
      PERFORM pg_sleep(0.05);
      ${untilWaitingOnLock(pid)}
      PERFORM pg_advisory_xact_lock(${siteLockKey(site.siteId)});
    END`);
    const events = batchOf(4, 'deadlock');
    const res = await collect(t.app, { key: site.publicKey, events });
    await other.done;
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ accepted: 4, duplicates: 0 });
    expect(await storedIds(events.map((e) => e.id))).toHaveLength(4);
    const session = await admin.query("SELECT events FROM sessions WHERE session_id = 'deadlock'");
    expect(session.rows).toEqual([{ events: '4' }]);
    // The other side got the site's write lock while the writer still waited for its row: only
    // because the writer's first transaction was rolled back; the rows came from a second one.
    // PostgreSQL counted the deadlock. The writer's backend reports its counters lazily, from 15 on
    // once idle for up to 10 s (PGSTAT_IDLE_INTERVAL), so this waits for the count, up to 15 s.
    for (let i = 0; i < 1500 && (await deadlocks()) === before; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await deadlocks()).toBe(before + 1);
  }, 30_000);

  it('takes the sites’ write locks in one order, by key, each once', () => {
    const ids = ['site_b', 'site_a', 'site_c', 'site_a'];
    const keys = siteLockKeys(ids);
    expect(keys).toHaveLength(3);
    expect([...keys].sort((a, b) => (a < b ? -1 : 1))).toEqual(keys);
    expect(siteLockKeys([...ids].reverse())).toEqual(keys);
    // Stable across processes, versions and restarts: a site's key is a constant.
    expect(siteLockKey('site_a')).toBe(-6847934950175122397n);
  });
});

/** A backend of this database waits for an advisory lock (the writer, for its site's write lock). */
const WAITS_ON_SITE_LOCK = `EXISTS (SELECT 1 FROM pg_locks
  WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))`;

/** The marker: the test's own connection, renamed. Visible to every backend at once. */
const marked = (name: string) => `EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = '${name}')`;

/**
 * Lets a holdSiteLock hold end: sets its marker, waits for the hold to end (it rejects if the
 * marker never came), and takes the marker off again whatever happened.
 */
async function releaseHold(held: { done: Promise<unknown> }, name: string): Promise<void> {
  await admin.query(`SET application_name = '${name}'`);
  try {
    await held.done;
  } finally {
    await admin.query('RESET application_name');
  }
}

/**
 * Holds the site's write lock on a connection of its own until the writer waits for it and then
 * until marker `name` is set (5 s at most each: past that it raises, and `done` rejects).
 */
const holdSiteLock = (siteId: string, name: string) =>
  inPostgres(`BEGIN
    PERFORM pg_advisory_xact_lock(${siteLockKey(siteId)});
    PERFORM pg_sleep(0.05);
    FOR i IN 1..1000 LOOP EXIT WHEN ${WAITS_ON_SITE_LOCK}; PERFORM pg_sleep(0.005); END LOOP;
    FOR i IN 1..1000 LOOP
      PERFORM pg_stat_clear_snapshot();
      EXIT WHEN ${marked(name)};
      PERFORM pg_sleep(0.005);
    END LOOP;
    IF NOT ${marked(name)} THEN RAISE EXCEPTION 'marker % never came', '${name}'; END IF;
  END`);

/** Polls `check` until it holds or `until` settles; whether it held. */
async function waitFor(check: () => Promise<boolean>, until: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void until.finally(() => {
    settled = true;
  });
  for (;;) {
    if (await check()) return true;
    if (settled) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
}

const siteLockWaited = async () => (await admin.query<{ w: boolean }>(`SELECT ${WAITS_ON_SITE_LOCK} AS w`)).rows[0]!.w;

/**
 * The pid of this process's writer process for `url` (its child that has the URL in its
 * environment, with the writer's own settings added to its query: withSetting).
 */
function writerProcessPid(url: string): number {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const own = `${WRITER_POSTGRES_URL_ENV}=${url}`;
      const env = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (env.some((v) => v === own || v.startsWith(`${own}?`))) found.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('the ingest writer on PostgreSQL, in its own process', () => {
  it('commits off the main thread: while a commit waits inside PostgreSQL, the event loop answers', async () => {
    const held = await holdSiteLock(site.siteId, 'loupe-test-awake');
    const events = batchOf(3, 'awake');
    const res = collect(t.app, { key: site.publicKey, events });
    // Each step runs on this thread while the commit waits: the writer's wait seen, a request answered.
    expect(await waitFor(siteLockWaited, res)).toBe(true);
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode, health.body).toBe(200);
    await releaseHold(held, 'loupe-test-awake');
    const answer = await res;
    expect(answer.statusCode, answer.body).toBe(202);
    expect(answer.json()).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(await storedIds(events.map((e) => e.id))).toHaveLength(3);
  }, 20_000);

  it('answers 503 problem+json with Retry-After when a lock it needs stays held past its lock timeout, stores none of it, and stores the resent batch once the lock is free', async () => {
    // An app of its own, whose writer gives up on a lock soon: the other tests here hold the site's
    // lock while they look at the writer waiting for it.
    const quick = await createTestApp(
      { ...WITH_WRITER_PROCESS, LOUPE_PG_WRITER_LOCK_TIMEOUT_MS: '300' },
      { postgresUrl: database.url },
    );
    try {
      const held = await holdSiteLock(site.siteId, 'loupe-test-lock-timeout');
      const events = batchOf(3, 'lock-timeout');
      const ids = events.map((e) => e.id);
      const first = collect(quick.app, { key: site.publicKey, events });
      expect(await waitFor(siteLockWaited, first)).toBe(true);
      // Answered while the lock is still held: the wait was bounded, not ended by the release.
      const answer = await first;
      expect(answer.statusCode, answer.body).toBe(503);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.headers['retry-after']).toBe('1');
      expect(await storedIds(ids)).toEqual([]);
      await releaseHold(held, 'loupe-test-lock-timeout');
      const again = await collect(quick.app, { key: site.publicKey, events });
      expect(again.statusCode, again.body).toBe(202);
      expect(again.json()).toMatchObject({ accepted: 3, duplicates: 0 });
      expect(await storedIds(ids)).toHaveLength(3);
    } finally {
      await quick.close();
    }
  }, 30_000);

  it('a writer process outlives SIGTERM and SIGINT (sent to a whole process group or cgroup): the server ends it in order', async () => {
    const pid = writerProcessPid(database.url);
    process.kill(pid, 'SIGTERM');
    process.kill(pid, 'SIGINT');
    // Without a handler either signal ends a process as it arrives, before this commit's answer.
    const events = batchOf(2, 'signals');
    const res = await collect(t.app, { key: site.publicKey, events });
    expect(res.statusCode, res.body).toBe(202);
    expect(writerProcessPid(database.url)).toBe(pid);
  });

  it('a writer process killed mid-commit fails that commit’s requests, stores none of it, and a new one stores the resent batch once', async () => {
    const held = await holdSiteLock(site.siteId, 'loupe-test-killed');
    const events = batchOf(4, 'killed');
    const res = collect(t.app, { key: site.publicKey, events });
    expect(await waitFor(siteLockWaited, res)).toBe(true);
    // The commit has begun (its transaction waits for the site's lock, its first statement): kill it.
    process.kill(writerProcessPid(database.url), 'SIGKILL');
    const answer = await res;
    expect(answer.statusCode, answer.body).toBe(500);
    await releaseHold(held, 'loupe-test-killed');
    // The dead writer's backend gets the lock, finds its client gone and rolls back: once it has
    // left, nothing of the commit is there.
    for (;;) {
      const { rowCount } = await admin.query(
        "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'loupe-writer' AND state <> 'idle'",
      );
      if (rowCount === 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await storedIds(events.map((e) => e.id))).toEqual([]);
    expect((await admin.query("SELECT 1 FROM sessions WHERE session_id = 'killed'")).rowCount).toBe(0);

    // The client resends the same batch: the new writer process stores it, once.
    const again = await collect(t.app, { key: site.publicKey, events });
    expect(again.statusCode, again.body).toBe(202);
    expect(again.json()).toMatchObject({ accepted: 4, duplicates: 0 });
    expect(await storedIds(events.map((e) => e.id))).toHaveLength(4);
    expect(t.app.ingestWriter.backendState).toBe('up');
  }, 20_000);

  it('a writer process that cannot connect: collects answer 503 problem+json with Retry-After at once, the log says why, and a later one stores the resent batch', async () => {
    const logged = vi.spyOn(t.app.log, 'error');
    // PostgreSQL will not change this from a connection to the database itself.
    const maintenance = new URL(database.url);
    maintenance.pathname = '/postgres';
    const allowConnections = async (allow: boolean) => {
      const other = new pg.Client({ connectionString: maintenance.toString() });
      await other.connect();
      try {
        await other.query(`ALTER DATABASE ${pg.escapeIdentifier(database.name)} ALLOW_CONNECTIONS ${allow}`);
      } finally {
        await other.end();
      }
    };
    const events = batchOf(3, 'refused');
    // Open connections stay (the app's, this test's); a new one is refused, superusers' too.
    await allowConnections(false);
    try {
      process.kill(writerProcessPid(database.url), 'SIGKILL');
      // The marker: the server saw its writer die and starts another, which PostgreSQL refuses.
      while (t.app.ingestWriter.backendState === 'up') await new Promise((r) => setTimeout(r, 5));
      // Waits for that start, or is refused at once once it failed; then refused at once again.
      for (const res of [
        await collect(t.app, { key: site.publicKey, events }),
        await collect(t.app, { key: site.publicKey, events }),
      ]) {
        expect(res.statusCode, res.body).toBe(503);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(res.json()).toMatchObject({ code: 'storage_unavailable' });
      }
      expect(logged).toHaveBeenCalledWith(
        {
          err: expect.objectContaining({
            message: expect.stringMatching(/could not connect: .*not currently accepting connections/),
          }),
        },
        expect.stringMatching(/^ingest writer process could not start; \/v1\/collect answers 503/),
      );
    } finally {
      await allowConnections(true);
      logged.mockRestore();
    }
    expect(await storedIds(events.map((e) => e.id))).toEqual([]);
    // The client resends: refused until the first commit after the pause starts a writer, which stores it once.
    for (let attempt = 1; ; attempt++) {
      const again = await collect(t.app, { key: site.publicKey, events });
      if (again.statusCode === 202) {
        expect(again.json()).toMatchObject({ accepted: 3, duplicates: 0 });
        break;
      }
      expect(again.statusCode, again.body).toBe(503);
      expect(attempt).toBeLessThan(200);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await storedIds(events.map((e) => e.id))).toHaveLength(3);
    expect(t.app.ingestWriter.backendState).toBe('up');
  }, 30_000);
});
