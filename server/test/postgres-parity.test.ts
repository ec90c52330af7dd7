import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { startPostgres, type PostgresServer } from './helpers/postgres-server.js';
import { datasetArb, datasetEvents, type DatasetEvent } from './helpers/random-dataset.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The same batches ingested into SQLite and into PostgreSQL (through db/postgres/sync-postgres.ts,
// with the same derivation code and SQL texts) must leave equal rows in every table, and the routes
// served on PostgreSQL (plugins/postgres-routes.ts) must answer the same.

const SITE = 'site_parity0001';
/** Written at creation with the clock or random keys, not derived from the events. */
const NOT_DERIVED = new Set(['sites', 'prompts', 'audit_log', 'settings']);
/** PostgreSQL's own columns (the events' partition key), absent on SQLite. */
const POSTGRES_ONLY = new Set(['client_ts']);

describe('SQLite and PostgreSQL, same batches', () => {
  let server: PostgresServer;
  let sqlite: TestApp;
  let postgres: TestApp;

  beforeAll(async () => {
    server = await startPostgres();
    sqlite = await createTestApp();
    postgres = await createTestApp({}, { postgresUrl: server.url });
    const datasets = fc.sample(datasetArb, { seed: 20_261_204, numRuns: 6 });
    const events: DatasetEvent[][] = [];
    for (const t of [sqlite, postgres]) {
      const site = createSite(t.app.db, { name: 'Parity', origins: ['https://shop.example'] });
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
});

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
