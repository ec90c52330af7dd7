import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { POSTGRES_ROUTES } from '../src/plugins/postgres-routes.js';
import { ADMIN, addUser, cookieOf, login, SAME_ORIGIN } from './helpers/accounts.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { startPostgres, type PostgresServer } from './helpers/postgres-server.js';
import { datasetArb, datasetEvents, type DatasetEvent } from './helpers/random-dataset.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The same batches ingested into SQLite and into PostgreSQL (through db/postgres/sync-postgres.ts,
// with the same derivation code and SQL texts) must leave equal rows in every table, and the routes
// served on PostgreSQL (plugins/postgres-routes.ts) must answer the same.

const SITE = 'site_parity0001';
/**
 * Reads of what the admin and the accounts wrote (random ids and keys, not derived from events),
 * and of one item by its id: their own test files run on both engines (helpers/engine-apps.ts).
 */
const OWN_TESTS = new Set([
  'GET /v1/sites',
  'GET /v1/auth/me',
  'GET /v1/audit',
  'GET /v1/auth/setup',
  'GET /v1/config',
  'GET /v1/funnels',
  'GET /v1/link-secret',
  'GET /v1/prompt-settings',
  'GET /v1/prompts',
  'GET /v1/users',
  'GET /v1/webhooks',
]);
/** The read routes in POSTGRES_ROUTES. */
const READ_ROUTES = [...POSTGRES_ROUTES]
  .filter((r) => r.startsWith('GET /v1/') && !r.includes('/:') && !OWN_TESTS.has(r))
  .map((r) => r.slice('GET '.length));
/** Written at creation with the clock or random keys, not derived from the events. */
const NOT_DERIVED = new Set(['sites', 'prompts', 'audit_log', 'settings']);
/** PostgreSQL's own columns (the events' partition key), absent on SQLite. */
const POSTGRES_ONLY = new Set(['client_ts']);

describe('SQLite and PostgreSQL, same batches', () => {
  let server: PostgresServer;
  let sqlite: TestApp;
  let postgres: TestApp;
  const secretKeys = new Map<TestApp, string>();

  beforeAll(async () => {
    server = await startPostgres();
    sqlite = await createTestApp();
    postgres = await createTestApp({}, { postgresUrl: server.url });
    const datasets = fc.sample(datasetArb, { seed: 20_261_204, numRuns: 6 });
    const events: DatasetEvent[][] = [];
    for (const t of [sqlite, postgres]) {
      const site = createSite(t.app.db, { name: 'Parity', origins: ['https://shop.example'] });
      secretKeys.set(t, site.secretKey);
      t.app.db.$client
        .prepare('UPDATE sites SET id = ?, public_key = ? WHERE id = ?')
        .run(SITE, 'pk_parity', site.siteId);
      const prompts = createDatasetPrompts(t.app, SITE);
      // One list of events (their ids are random) for both engines, in batches of several sizes.
      datasets.forEach((d, i) => {
        events[i] ??= datasetEvents(d, prompts);
        ingestDataset(t.app, SITE, events[i] as DatasetEvent[], 5 + i * 7);
      });
    }
  }, 120_000);
  afterAll(async () => {
    await sqlite?.close();
    await postgres?.close();
    await server?.stop();
  });

  it('leaves equal rows in every derived table', () => {
    const tables = sqlite.app.db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    const derived = tables.filter((name) => !NOT_DERIVED.has(name) && !name.startsWith('__'));
    let compared = 0;
    for (const table of derived) {
      const expected = rowsOf(sqlite, table);
      expect({ table, rows: rowsOf(postgres, table) }).toEqual({ table, rows: expected });
      compared += expected.length;
    }
    // The dataset reached the derivations: a comparison of empty tables proves nothing.
    expect(compared).toBeGreaterThan(500);
  });

  const get = (t: TestApp, url: string) =>
    t.app.inject({ url, headers: { authorization: `Bearer ${secretKeys.get(t)}` } });

  it.each(READ_ROUTES)('answers GET %s the same on both', async (route) => {
    const queries = QUERIES[route] ?? [];
    expect(queries.length, `no queries to compare ${route} with`).toBeGreaterThan(0);
    for (const query of queries) {
      const url = `${route}?${new URLSearchParams(query)}`;
      const [a, b] = await Promise.all([get(sqlite, url), get(postgres, url)]);
      expect(a.statusCode, a.body).toBe(200);
      expect({ status: b.statusCode, body: comparable(b.json()) }).toEqual({ status: 200, body: comparable(a.json()) });
    }
  });

  it('creates and lists sites, and logs a user in and out, on PostgreSQL', async () => {
    const admin = { authorization: `Bearer ${ADMIN}` };
    const created = await postgres.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: admin,
      payload: { name: 'Second', origins: ['https://second.example'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const listed = await postgres.app.inject({ url: '/v1/sites', headers: admin });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(JSON.stringify(listed.json())).toContain('https://second.example');

    await addUser(postgres.app, 'owner@example.com', 'owner');
    const session = await login(postgres.app, 'owner@example.com');
    expect(session.statusCode, session.body).toBe(204);
    const cookie = cookieOf(session.headers['set-cookie']);
    const me = await postgres.app.inject({ url: '/v1/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({ user: { email: 'owner@example.com', role: 'owner' } });
    const out = await postgres.app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      headers: { cookie, origin: SAME_ORIGIN },
    });
    expect(out.statusCode, out.body).toBeLessThan(300);
    expect((await postgres.app.inject({ url: '/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
  }, 30_000);

  it('answers 501 not_on_postgres on a route not served on PostgreSQL yet, and the same route on SQLite', async () => {
    const url = `/v1/insights/journeys?${new URLSearchParams(RANGES[0])}`;
    const b = await get(postgres, url);
    expect(b.statusCode).toBe(501);
    expect(b.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(b.json()).toMatchObject({ code: 'not_on_postgres' });
    expect((await get(sqlite, url)).statusCode).toBe(200);
  });
});

/** Read routes' queries over the datasets' dates (around 2024's DST changes), in two time zones. */
const RANGES = [
  { tz: 'UTC', from: '2024-03-01', to: '2024-04-10' },
  { tz: 'Europe/Copenhagen', from: '2024-10-20', to: '2024-11-10' },
];
const ranged = (extra: Record<string, string> = {}) => RANGES.map((r) => ({ ...r, ...extra }));

/** The queries each read route in POSTGRES_ROUTES is compared with (a route without any fails). */
const QUERIES: Record<string, Record<string, string>[]> = {
  '/v1/site': [{}],
  '/v1/metrics/overview': ranged(),
  '/v1/metrics/pages': ranged(),
  '/v1/metrics/timeseries': ranged(),
  '/v1/metrics/scores': [...ranged({ kind: 'nps' }), ...ranged({ kind: 'csat' })],
  '/v1/metrics/breakdown': [...ranged({ by: 'device' }), ...ranged({ by: 'browser' })],
  '/v1/metrics/conversion': [...ranged({ by: 'page' }), ...ranged({ by: 'device' }), ...ranged({ by: 'band' })],
  '/v1/metrics/tasks': ranged(),
  '/v1/errors': ranged(),
  '/v1/clicks': ranged(),
  '/v1/insights/friction': ranged(),
  '/v1/insights/touchpoints': ranged(),
  '/v1/responses': ranged(),
  '/v1/page-groups': [{}],
  '/v1/funnels/saved': [{}],
};

/** An answer without the site's creation time (the one thing each engine's site has of its own). */
function comparable(body: Record<string, unknown>): Record<string, unknown> {
  const { createdAt: _created, ...rest } = body;
  return rest;
}

/** A table's rows, each as canonical JSON (histograms parsed, keys sorted), sorted. */
function rowsOf(t: TestApp, table: string): string[] {
  const db = t.app.db.$client;
  const rows = db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[];
  return rows
    .map((row) => {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(row).sort()) {
        if (POSTGRES_ONLY.has(key)) continue;
        out[key] = canonical(t, key, row[key]);
      }
      return JSON.stringify(out);
    })
    .sort();
}

function canonical(t: TestApp, column: string, value: unknown): unknown {
  if (column !== 'hist') return Buffer.isBuffer(value) ? value.toString('hex') : value;
  // SQLite keeps a histogram as a JSONB blob, PostgreSQL as jsonb: compared as the JSON they hold.
  const text = Buffer.isBuffer(value)
    ? (t.app.db.$client.prepare('SELECT json(?)').pluck().get(value) as string)
    : value;
  const parsed = JSON.parse(String(text)) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(parsed).sort(([a], [b]) => a.localeCompare(b)));
}
