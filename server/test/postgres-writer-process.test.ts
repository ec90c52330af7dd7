import { readdirSync, readFileSync } from 'node:fs';
import type { LoupeEventInput } from '@loupe/shared';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteLockKey } from '../src/features/ingest/writer/site-write-locks.js';
import { WRITER_POSTGRES_URL_ENV } from '../src/features/ingest/writer/writer-thread-protocol.js';
import { collect, shopSite } from './helpers/collect.js';
import { pageview } from './helpers/events.js';
import { startPostgres, type PostgresServer } from './helpers/postgres-server.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The ingest writer on PostgreSQL commits in a process of its own (process-commit-backend.ts), as
// SQLite's does in a thread: the event loop stays free while a commit waits on PostgreSQL, and a
// writer that dies mid-commit fails that commit's requests only. A commit is held inside PostgreSQL
// at its site's write lock by a DO block, which lets it go at a marker the test sets: were the
// commit blocking this thread, the test could set no marker, and the block gives up (bounded).

let server: PostgresServer;
let t: TestApp;
let admin: pg.Client;
let site: { siteId: string; publicKey: string };

beforeAll(async () => {
  server = await startPostgres();
  admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  t = await createTestApp({}, { postgresUrl: server.url });
  site = shopSite(t.app);
}, 60_000);

afterAll(async () => {
  await admin?.end();
  await t?.close();
  await server?.stop();
});

const storedIds = async (ids: string[]) =>
  (await admin.query<{ id: string }>('SELECT id FROM events WHERE id = ANY($1) ORDER BY id', [ids])).rows.map(
    (r) => r.id,
  );
const batchOf = (n: number, sessionId: string): LoupeEventInput[] =>
  Array.from({ length: n }, (_, i) => pageview({ sessionId, path: `/p${i}` }));

/** A backend of this database waits for an advisory lock (the writer, for its site's write lock). */
const WAITS_ON_SITE_LOCK = `EXISTS (SELECT 1 FROM pg_locks
  WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))`;

/** The marker: the test's own connection, renamed. Visible to every backend at once. */
const marked = (name: string) => `EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = '${name}')`;
const setMarker = (name: string) => admin.query(`SET application_name = '${name}'`);

/**
 * Holds the site's write lock on a connection of its own until the writer waits for it and then
 * until marker `name` is set (5 s at most each: past that it raises, and `done` rejects).
 */
async function holdSiteLock(siteId: string, name: string): Promise<{ done: Promise<unknown> }> {
  const other = new pg.Client({ connectionString: server.url });
  await other.connect();
  const pid = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const done = other
    .query(
      `DO $$ BEGIN
        PERFORM pg_advisory_xact_lock(${siteLockKey(siteId)});
        PERFORM pg_sleep(0.05);
        FOR i IN 1..1000 LOOP EXIT WHEN ${WAITS_ON_SITE_LOCK}; PERFORM pg_sleep(0.005); END LOOP;
        FOR i IN 1..1000 LOOP
          -- A transaction reads pg_stat_activity once, unless told to read it again.
          PERFORM pg_stat_clear_snapshot();
          EXIT WHEN ${marked(name)};
          PERFORM pg_sleep(0.005);
        END LOOP;
        IF NOT ${marked(name)} THEN RAISE EXCEPTION 'marker % never came', '${name}'; END IF;
      END $$`,
    )
    .finally(() => other.end());
  done.catch(() => {});
  // Returns once the lock is held (the block's first sleep).
  for (;;) {
    const { rows } = await admin.query('SELECT wait_event FROM pg_stat_activity WHERE pid = $1', [pid]);
    if (rows[0]?.wait_event === 'PgSleep') return { done };
    await new Promise((r) => setTimeout(r, 5));
  }
}

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

/** The pid of this process's writer process for `url` (its child that has the URL in its environment). */
function writerProcessPid(url: string): number {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`${WRITER_POSTGRES_URL_ENV}=${url}`))
        found.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('the ingest writer process on PostgreSQL', () => {
  it('commits off the main thread: while a commit waits inside PostgreSQL, the event loop answers', async () => {
    const held = await holdSiteLock(site.siteId, 'loupe-test-awake');
    const events = batchOf(3, 'awake');
    const res = collect(t.app, { key: site.publicKey, events });
    // Each step runs on this thread while the commit waits: the writer's wait seen, a request answered.
    expect(await waitFor(siteLockWaited, res)).toBe(true);
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode, health.body).toBe(200);
    await setMarker('loupe-test-awake');
    try {
      await held.done;
    } finally {
      await admin.query('RESET application_name');
    }
    const answer = await res;
    expect(answer.statusCode, answer.body).toBe(202);
    expect(answer.json()).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(await storedIds(events.map((e) => e.id))).toHaveLength(3);
  }, 20_000);

  it('a writer process outlives SIGTERM and SIGINT (sent to a whole process group or cgroup): the server ends it in order', async () => {
    const pid = writerProcessPid(server.url);
    process.kill(pid, 'SIGTERM');
    process.kill(pid, 'SIGINT');
    // Without a handler either signal ends a process as it arrives, before this commit's answer.
    const events = batchOf(2, 'signals');
    const res = await collect(t.app, { key: site.publicKey, events });
    expect(res.statusCode, res.body).toBe(202);
    expect(writerProcessPid(server.url)).toBe(pid);
  });

  it('a writer process killed mid-commit fails that commit’s requests, stores none of it, and a new one stores the resent batch once', async () => {
    const held = await holdSiteLock(site.siteId, 'loupe-test-killed');
    const events = batchOf(4, 'killed');
    const res = collect(t.app, { key: site.publicKey, events });
    expect(await waitFor(siteLockWaited, res)).toBe(true);
    // The commit has begun (its transaction waits for the site's lock, its first statement): kill it.
    process.kill(writerProcessPid(server.url), 'SIGKILL');
    const answer = await res;
    expect(answer.statusCode, answer.body).toBe(500);
    await setMarker('loupe-test-killed');
    try {
      await held.done;
    } finally {
      await admin.query('RESET application_name');
    }
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
});
