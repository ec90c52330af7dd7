import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGE_CHANNEL, type ListenerState, postgresChangeFeed } from '../src/db/postgres/postgres-change-feed.js';
import type { ChangeFeed } from '../src/lib/change-feed.js';
import { type FreshDatabase, freshPostgresDatabase } from './helpers/postgres-database.js';

// The change feed of instances sharing one PostgreSQL, on a real server: two independent instances
// (each its own pool, feed and cache of a table), a change on one seen by the other, and after the
// listening connection is killed the safety TTL converges and the feed listens again. Every wait
// is for a marker (something the feed or the cache reported), never a sleep.

/** What happened, in order, and a promise for the first thing (from an index on) that matches. */
class Log<T> {
  readonly items: T[] = [];
  private readonly waiters: { match: (item: T) => boolean; resolve: (item: T) => void }[] = [];

  push(item: T): void {
    this.items.push(item);
    for (const w of [...this.waiters]) {
      if (!w.match(item)) continue;
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve(item);
    }
  }

  next(match: (item: T) => boolean, from = this.items.length): Promise<T> {
    const found = this.items.slice(from).find(match);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

interface Instance {
  feed: ChangeFeed;
  pool: pg.Pool;
  /** Every listener call: a site id, or undefined for "drop everything". */
  heard: Log<string | undefined>;
  states: Log<ListenerState>;
  errors: unknown[];
  /** A cache of `cached.value` by site, wired to the feed like the server's caches. */
  read(siteId: string): Promise<string | undefined>;
}

const listening = (connections: number) => (s: ListenerState) =>
  s.state === 'listening' && s.connections === connections;

describe('the change feed on PostgreSQL', { timeout: 60_000 }, () => {
  let database: FreshDatabase;
  let admin: pg.Pool;
  const instances: Instance[] = [];
  /** Reconnects a test holds; released before closing (a feed's close waits for its reconnect wait). */
  const holds: (() => void)[] = [];

  beforeAll(async () => {
    database = await freshPostgresDatabase({ schema: 'empty' });
    admin = new pg.Pool({ connectionString: database.url, max: 1 });
    // The database's drop in afterAll (WITH FORCE) may reach a connection the pool is still closing.
    admin.on('error', () => {});
    await admin.query('CREATE TABLE cached (site_id text PRIMARY KEY, value text NOT NULL)');
  }, 60_000);
  afterAll(async () => {
    for (const release of holds) release();
    for (const i of instances) {
      await i.feed.close();
      await i.pool.end().catch(() => {});
    }
    await admin?.end();
    await database?.drop();
  });

  const store = (siteId: string, value: string) =>
    admin.query(
      'INSERT INTO cached (site_id, value) VALUES ($1, $2) ON CONFLICT (site_id) DO UPDATE SET value = excluded.value',
      [siteId, value],
    );

  /** The backend pids of an instance's LISTEN connections (named by application_name). */
  async function listeners(name: string): Promise<number[]> {
    const { rows } = await admin.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database() AND query LIKE 'LISTEN%'",
      [name],
    );
    return rows.map((r) => r.pid);
  }

  function instance(
    name: string,
    options: { safetyTtlMs?: number; waitBeforeReconnect?: (attempt: number) => Promise<void> } = {},
  ): Instance {
    // The URL's application_name names every connection of the instance (connectionConfig lets it win).
    const url = `${database.url}?application_name=${name}`;
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    pool.on('error', () => {});
    const heard = new Log<string | undefined>();
    const states = new Log<ListenerState>();
    const errors: unknown[] = [];
    const feed = postgresChangeFeed({
      url,
      pool,
      onError: (err) => errors.push(err),
      onState: (s) => states.push(s),
      ...options,
    });
    const cache = new Map<string, string | undefined>();
    feed.subscribe('sites', (siteId) => {
      if (siteId === undefined) cache.clear();
      else cache.delete(siteId);
      heard.push(siteId);
    });
    const made: Instance = {
      feed,
      pool,
      heard,
      states,
      errors,
      async read(siteId) {
        if (cache.has(siteId)) return cache.get(siteId);
        const { rows } = await pool.query<{ value: string }>('SELECT value FROM cached WHERE site_id = $1', [siteId]);
        cache.set(siteId, rows[0]?.value);
        return rows[0]?.value;
      },
    };
    instances.push(made);
    return made;
  }

  it("delivers one instance's change to the other's listeners, once each, and the cache reads it again", async () => {
    const a = instance('instance-a');
    const b = instance('instance-b');
    await Promise.all([a.states.next(listening(1), 0), b.states.next(listening(1), 0)]);

    await store('site_1', 'before');
    expect(await b.read('site_1')).toBe('before');
    await store('site_1', 'after');
    // Unpublished, the change is not seen: the cache holds its entry.
    expect(await b.read('site_1')).toBe('before');

    const bHears = b.heard.next((s) => s === 'site_1');
    const aHeardBefore = a.heard.items.length;
    await a.feed.publish({ topic: 'sites', siteId: 'site_1' });
    // The publisher's own listeners hear it before publish returns, without a round trip.
    expect(a.heard.items.slice(aHeardBefore)).toContain('site_1');
    await bHears;
    expect(await b.read('site_1')).toBe('after');

    // A change from b afterwards reaches a; notifications arrive in commit order, so by then a's own
    // NOTIFY has come back too, and a has not delivered it a second time.
    const aHearsB = a.heard.next((s) => s === 'site_b');
    await b.feed.publish({ topic: 'sites', siteId: 'site_b' });
    await aHearsB;
    expect(a.heard.items.filter((s) => s === 'site_1')).toEqual(['site_1']);

    // Anyone may NOTIFY the channel: what is not a change of a known topic is ignored.
    const from = b.heard.items.length;
    for (const junk of ['null', 'not json', '{"i":"x","t":"prompts","s":"site_1"}', '{"t":"sites"}'])
      await admin.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, junk]);
    const bHearsNext = b.heard.next((s) => s === 'site_after_junk');
    await a.feed.publish({ topic: 'sites', siteId: 'site_after_junk' });
    await bHearsNext;
    expect(b.heard.items.slice(from).filter((s) => s !== undefined)).toEqual(['site_after_junk']);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });

  it('converges by the safety TTL while its LISTEN connection is down, then listens again', async () => {
    const a = instance('instance-c');
    let reconnect!: () => void;
    const held = new Promise<void>((resolve) => {
      reconnect = resolve;
    });
    holds.push(reconnect);
    const attempts: number[] = [];
    const b = instance('instance-d', {
      safetyTtlMs: 1_000,
      waitBeforeReconnect: (attempt) => {
        attempts.push(attempt);
        return held;
      },
    });
    await Promise.all([a.states.next(listening(1), 0), b.states.next(listening(1), 0)]);

    await store('site_2', 'before');
    expect(await b.read('site_2')).toBe('before');

    const [killed] = await listeners('instance-d');
    expect(killed).toBeDefined();
    const { rows } = await admin.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [killed]);
    expect(rows[0]?.ok).toBe(true);
    await b.states.next((s) => s.state === 'lost', 0);

    // Published while b cannot hear: the notification is lost for b.
    await store('site_2', 'after');
    const from = b.heard.items.length;
    await a.feed.publish({ topic: 'sites', siteId: 'site_2' });
    // The safety TTL's "drop everything" (reconnecting is held, so it is the only way) converges.
    await b.heard.next((s) => s === undefined, from);
    expect(b.heard.items.slice(from)).not.toContain('site_2');
    expect(await b.read('site_2')).toBe('after');
    expect(attempts).toEqual([1]);

    reconnect();
    await b.states.next(listening(2), 0);
    const [again] = await listeners('instance-d');
    expect(again).toBeDefined();
    expect(again).not.toBe(killed);

    // Listening again: a's next change reaches b by notification.
    await store('site_2', 'later');
    const bHears = b.heard.next((s) => s === 'site_2');
    await a.feed.publish({ topic: 'sites', siteId: 'site_2' });
    await bHears;
    expect(await b.read('site_2')).toBe('later');
  });

  it('reports a NOTIFY it cannot send and never rejects; closing ends the listening connection', async () => {
    const c = instance('instance-e');
    await c.states.next(listening(1), 0);
    expect(await listeners('instance-e')).toHaveLength(1);
    await c.pool.end();
    await expect(c.feed.publish({ topic: 'sites', siteId: 'site_3' })).resolves.toBeUndefined();
    // Its own listeners heard it all the same.
    expect(c.heard.items).toContain('site_3');
    expect(c.errors).toHaveLength(1);

    await c.feed.close();
    expect(await listeners('instance-e')).toEqual([]);
  });

  it('refuses a safety TTL above the 5 s bound', () => {
    expect(() => postgresChangeFeed({ url: database.url, pool: admin, safetyTtlMs: 5_001, onError: () => {} })).toThrow(
      /at most 5000 ms/,
    );
  });
});
