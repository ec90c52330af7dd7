import { randomBytes, randomUUID } from 'node:crypto';
import { type Db, migratePostgres, openPostgres, type PgDb } from '@loupe/server';
import { createIngestStore, type IngestRow, SyncPostgres } from '@loupe/server/internal';
import { type PostgresServer, startPostgres } from '@loupe/server/testing/postgres';
import { startTestServer, type TestServer } from '../../src/testing/index.js';
import type { Batch } from './load-generator.js';

// What several instances left in one PostgreSQL database, checked against what they acknowledged
// and against a recomputation: the site's stored events committed again, by one writer, into a
// fresh database; every derived table must come out the same.

/**
 * Written at creation or by the admin, not derived from the events; `events` is the input;
 * `closed_hour_generations` counts the commits that changed closed hours, which depends on how the
 * events fell into commits, not on the events.
 */
const NOT_DERIVED = new Set([
  'sites',
  'prompts',
  'audit_log',
  'settings',
  'setup_tokens',
  'events',
  'closed_hour_generations',
]);

export interface TwoInstances {
  server: PostgresServer;
  instances: [TestServer, TestServer];
  /** Kills both instances and stops PostgreSQL. */
  dispose(): Promise<void>;
}

/**
 * A throwaway PostgreSQL and two built server processes on its database, started one after the
 * other: the first migrates, the second finds the database migrated.
 */
export async function startTwoInstances(): Promise<TwoInstances> {
  const server = await startPostgres();
  const started: TestServer[] = [];
  const dispose = async () => {
    for (const s of started) await s.dispose();
    await server.stop();
  };
  try {
    const env = instanceEnv(server);
    for (let i = 0; i < 2; i++) started.push(await startTestServer({ env }));
  } catch (err) {
    await dispose();
    throw err;
  }
  return { server, instances: started as [TestServer, TestServer], dispose };
}

/** The environment of instances sharing `server`'s database: one database, one encryption key. */
function instanceEnv(server: PostgresServer): Record<string, string> {
  return {
    LOUPE_DB: server.url,
    LOUPE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    LOUPE_RATE_LIMIT_MAX: '1000000',
    // Commits of a few requests each, so the instances' commits interleave often.
    LOUPE_WRITER_MAX_DELAY_MS: '2',
  };
}

/**
 * A batch of pageviews: half the batches on a pool of sessions shared by every worker and instance
 * (their commits meet on the same session rows, and each other's row locks), half on sessions of
 * their own in one of the last hours (their commits meet only on the site's daily sketch and tier
 * rows, which the derivations read, then write back). Chosen so that what the derivations keep does not depend on
 * the order commits came in (which differs between instances and the recomputation): one path
 * (funnel keys are numbered as pages first arrive), one visitor per session (whether a visitor
 * returns depends on which session came first), every event of a session at the session's own
 * time (first-seen times), pageviews only (the engagement histogram keeps engaged time in the
 * bucket a session was in when it arrived). A difference from the recomputation is then a lost or
 * doubled update.
 */
export function sharedSessionsBatch(key: string, hourStart: number, n = 10): Batch {
  const shared = Math.random() < 0.5;
  // Own sessions in one of the six hours before: two such commits mostly touch different hourly
  // rows (no row lock in common) but the same daily sketch and tier rows.
  const hour = hourStart - Math.floor(Math.random() * 6) * 3_600_000;
  const own = Array.from({ length: 3 }, () => ({ id: randomUUID(), ts: hour + Math.floor(Math.random() * 1000) }));
  return {
    key,
    events: Array.from({ length: n }, (_, i) => {
      const k = Math.floor(Math.random() * 24);
      const session = shared
        ? { id: `s-${k}`, ts: hourStart + k * 10 }
        : (own[i % own.length] as { id: string; ts: number });
      return {
        id: randomUUID(),
        ts: session.ts,
        type: 'pageview',
        sessionId: session.id,
        visitorId: `v-${session.id}`,
        url: 'https://shop.example/p',
        path: '/p',
      };
    }),
  };
}

type Pool = PgDb['$client'];
const pool = (url: string): Pool => openPostgres({ url, poolSize: 2, onIdleError: () => {} }).$client;

export interface PostgresCheck {
  acked: number;
  lost: number;
  /** Rows beyond the first of an id, acknowledged or not. */
  duplicates: number;
  storedRows: number;
  /** Derived tables compared, and how many of their rows. */
  tables: number;
  derivedRows: number;
  /** Tables whose rows differ from the recomputation, with a sample of the difference. */
  differences: { table: string; onlyStored: string[]; onlyRecomputed: string[] }[];
}

/** Every acknowledged id of `acked` stored once, and the derived tables equal to a recomputation. */
export async function checkPostgres(server: PostgresServer, siteId: string, acked: Batch[]): Promise<PostgresCheck> {
  const live = pool(server.url);
  const referenceName = `reference_${randomUUID().replaceAll('-', '')}`;
  await server.createDatabase(referenceName);
  const reference = pool(server.urlOf(referenceName));
  try {
    const counts = new Map<string, number>();
    const { rows: idRows } = await live.query<{ id: string; n: string }>(
      'SELECT id, count(*) AS n FROM events WHERE site_id = $1 GROUP BY id',
      [siteId],
    );
    for (const { id, n } of idRows) counts.set(id, Number(n));
    let lost = 0;
    let ackedIds = 0;
    for (const b of acked) {
      for (const e of b.events) {
        ackedIds++;
        if (!counts.has(e.id)) lost++;
      }
    }
    const duplicates = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
    const storedRows = [...counts.values()].reduce((sum, n) => sum + n, 0);

    await recompute(live, server.urlOf(referenceName), siteId);
    const tables = await derivedTables(live);
    const differences: PostgresCheck['differences'] = [];
    let derivedRows = 0;
    for (const table of tables) {
      const [stored, recomputed] = await Promise.all([rowsOf(live, table, siteId), rowsOf(reference, table, siteId)]);
      derivedRows += stored.length;
      const a = new Set(stored);
      const b = new Set(recomputed);
      const onlyStored = stored.filter((r) => !b.has(r));
      const onlyRecomputed = recomputed.filter((r) => !a.has(r));
      if (onlyStored.length > 0 || onlyRecomputed.length > 0 || stored.length !== recomputed.length) {
        differences.push({
          table: table.name,
          onlyStored: onlyStored.slice(0, 3),
          onlyRecomputed: onlyRecomputed.slice(0, 3),
        });
      }
    }
    return { acked: ackedIds, lost, duplicates, storedRows, tables: tables.length, derivedRows, differences };
  } finally {
    await live.end();
    await reference.end();
  }
}

/**
 * The site's row, then its stored events in the order they arrived, committed by the ingest store
 * into the fresh database at `url` as requests of 50, ten to a commit, one writer: the derivations
 * as a single instance's group commits compute them. (One request to a commit took 2–3 times as
 * long.) Each commit's events are copied in by one statement just before it (EventsCopiedAhead):
 * the store's own insert, one round trip per event, was two thirds of the statements (1.57 per
 * event, now 0.57) and a quarter of the CPU of a recomputation that took about 48 s of the kill
 * loop's check for the 60 000 events a run stores.
 */
async function recompute(live: Pool, url: string, siteId: string): Promise<void> {
  await migratePostgres(url);
  const site = (await live.query('SELECT row_to_json(s) AS row FROM sites s WHERE id = $1', [siteId])).rows[0]?.row;
  const { rows } = await live.query<Record<string, string | null>>(
    'SELECT * FROM events WHERE site_id = $1 ORDER BY received_at, id',
    [siteId],
  );
  const client = new EventsCopiedAhead(url);
  try {
    client
      .prepare('INSERT INTO sites SELECT * FROM json_populate_record(NULL::sites, CAST(? AS json))')
      .run(JSON.stringify(site));
    const copyEvents = client.prepare(
      'INSERT INTO events SELECT * FROM json_populate_recordset(NULL::events, CAST(? AS json))',
    );
    // The store reads nothing of a Db but its connection.
    const store = createIngestStore({ $client: client } as unknown as Db);
    const COMMIT = 500;
    for (let i = 0; i < rows.length; i += COMMIT) {
      const stored = rows.slice(i, i + COMMIT);
      const ingestRows = stored.map(ingestRowOf);
      const requests: IngestRow[][] = [];
      for (let j = 0; j < ingestRows.length; j += 50) requests.push(ingestRows.slice(j, j + 50));
      // node-postgres's row as JSON: int8 as strings and json as objects, both read back as stored.
      copyEvents.run(JSON.stringify(stored));
      const results = store.commit(requests);
      const accepted = results.reduce((sum, r) => sum + r.accepted, 0);
      // Fewer would mean the store inserted them itself, found them there, and derived nothing.
      if (accepted !== stored.length) throw new Error(`the store derived ${accepted} of ${stored.length} events`);
    }
  } finally {
    client.close();
  }
}

/**
 * A connection on which the ingest store's per-event insert is answered "1 row inserted" without
 * a round trip: recompute() has copied the commit's events in already, every one of them new (the
 * ids of one site's stored events are unique), which is what the insert would have said. The
 * derivations then run exactly as on a writer's connection, reading the commit's events if they do.
 */
class EventsCopiedAhead extends SyncPostgres {
  override prepare(sql: string): ReturnType<SyncPostgres['prepare']> {
    if (!sql.startsWith('INSERT INTO events (')) return super.prepare(sql);
    const inserted = { changes: 1, lastInsertRowid: 0 };
    // The derivations prepare their statements on the insert's `database` (batch-aggregator.ts).
    return { run: () => inserted, database: this } as unknown as ReturnType<SyncPostgres['prepare']>;
  }
}

/** A stored pageview as the writer had it: the payload holds the fields not in columns. */
function ingestRowOf(row: Record<string, string | null>): IngestRow {
  // node-postgres hands json columns over parsed.
  const stored = row.payload as unknown as Record<string, unknown>;
  const { clientTs: _clientTs, ...payload } = stored;
  if (row.type !== 'pageview') throw new Error(`cannot recompute a ${row.type} event`);
  return {
    siteId: String(row.site_id),
    id: String(row.id),
    ts: Number(row.ts),
    receivedAt: Number(row.received_at),
    device: row.device as IngestRow['device'],
    browser: String(row.browser),
    language: String(row.language),
    fingerprint: row.fingerprint ?? null,
    payload: JSON.stringify(stored),
    link: null,
    event: {
      ...payload,
      type: row.type,
      sessionId: String(row.session_id),
      ...(row.visitor_id === null ? {} : { visitorId: row.visitor_id }),
      path: String(row.path),
    } as IngestRow['event'],
  };
}

/** A table the ingest derivations fill, and whether its rows name their site. */
interface DerivedTable {
  name: string;
  bySite: boolean;
}

/** The schema's tables that the ingest derivations fill (partitions and migration tables left out). */
async function derivedTables(client: Pool): Promise<DerivedTable[]> {
  const { rows } = await client.query<DerivedTable>(
    `SELECT c.relname AS name, EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
        AND a.attname = 'site_id' AND NOT a.attisdropped) AS "bySite"
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
  );
  return rows.filter(({ name }) => !NOT_DERIVED.has(name) && !name.startsWith('__'));
}

/** A table's rows of the site (all rows when it has no site_id), each as JSON with sorted keys, sorted. */
async function rowsOf(client: Pool, { name, bySite }: DerivedTable, siteId: string): Promise<string[]> {
  const { rows } = await client.query<Record<string, unknown>>(
    `SELECT * FROM "${name.replaceAll('"', '""')}"${bySite ? ' WHERE site_id = $1' : ''}`,
    bySite ? [siteId] : [],
  );
  // Top-level keys sorted (jsonb values come parsed, their keys in jsonb's own order on both sides).
  const canonical = (row: Record<string, unknown>) =>
    Object.fromEntries(
      Object.keys(row)
        .sort()
        .map((k) => [k, sketchSet(row[k])]),
    );
  return rows.map((row) => JSON.stringify(canonical(row))).sort();
}

/**
 * A sparse visitor sketch (a 0 byte, then 8-byte hashes in the order they arrived) as its set of
 * hashes, sorted; other values as they are. The same visitors in another order are the same sketch.
 */
function sketchSet(value: unknown): unknown {
  if (!Buffer.isBuffer(value) || value[0] !== 0 || (value.length - 1) % 8 !== 0) return value;
  const hashes: string[] = [];
  for (let i = 1; i < value.length; i += 8) hashes.push(value.subarray(i, i + 8).toString('hex'));
  return hashes.sort().join(' ');
}
