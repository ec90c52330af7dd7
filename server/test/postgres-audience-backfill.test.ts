import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { withIdentify } from './helpers/identify-events.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { postgresTestApps } from './helpers/postgres-test-apps.js';
import { datasetArb, datasetEvents } from './helpers/random-dataset.js';

// The PostgreSQL migrations that added the audience counts (db/schema-pg/audience-answers.ts: the
// pages and journeys, then the friction cubes) count the answers stored before them in SQL, where
// SQLite's backfill runs the writer's own code (db/backfill-audience-answers.ts): on answers the writer counted with traits, returning visitors,
// changed scores, journeys of every depth and friction met before answering, that SQL gives back
// the writer's rows exactly.

const MIGRATIONS = path.join(import.meta.dirname, '../drizzle-pg');
type Table = [name: string, key: string[], sums: string];
const PATH_AND_JOURNEY_TABLES: Table[] = [
  [
    'audience_path_scores',
    ['site_id', 'trait_key', 'trait_value', 'kind', 'hour', '"returning"', 'path', 'score'],
    'sum(responses)',
  ],
  [
    'audience_journey_rollups',
    ['site_id', 'trait_key', 'trait_value', 'kind', 'depth', 'band', 'hour', '"returning"', 'journey'],
    'sum(responses), sum(score_sum)',
  ],
];
const FRICTION_TABLES: Table[] = [
  [
    'audience_friction_rollups',
    ['site_id', 'trait_key', 'trait_value', 'kind', 'hour', '"returning"', 'mask', 'score'],
    'sum(responses)',
  ],
  [
    'audience_friction_page_rollups',
    ['site_id', 'trait_key', 'trait_value', 'kind', 'hour', '"returning"', 'path', 'met', 'score'],
    'sum(responses)',
  ],
];
/** Each migration that added audience counts, with its tables. */
const CASES: [migration: string, tables: Table[]][] = [
  ['0012_audience_answer_counts.sql', PATH_AND_JOURNEY_TABLES],
  ['0024_audience_friction.sql', FRICTION_TABLES],
];
const GRAINS = ['', '_daily', '_monthly'];

describe('the PostgreSQL migrations of the audience counts', () => {
  const {
    apps: [t],
  } = postgresTestApps({ timeout: 120_000 });

  const snapshot = (tables: Table[]) =>
    tables.flatMap(([table, key, sums]) =>
      GRAINS.map((grain) => ({
        table: `${table}${grain}`,
        rows: t.app.db.$client
          .prepare(
            `SELECT ${key.join(', ')}, ${sums} FROM ${table}${grain} GROUP BY ${key.join(', ')} ` +
              `HAVING sum(responses) <> 0 ORDER BY ${key.join(', ')}`,
          )
          .raw()
          .all(),
      })),
    );

  it.each(CASES)(
    '%s counts the stored answers as the writer did',
    (migration, tables) => {
      const site = createSite(t.app.db, { name: 'a', origins: [] });
      const prompts = createDatasetPrompts(t.app, site.siteId);
      fc.sample(datasetArb, { seed: 20_261_205, numRuns: 6 }).forEach((d, i) => {
        ingestDataset(t.app, site.siteId, withIdentify(datasetEvents(d, prompts), i), 5 + i * 7);
      });
      const kept = snapshot(tables);
      const rows = kept.flatMap(({ rows }) => rows as unknown[][]);
      expect(rows.filter((r) => r[1] !== '').length).toBeGreaterThan(0);
      // The friction counts: some answer after friction (a mask other than 0 in the mask rows).
      if (tables === FRICTION_TABLES)
        expect(kept[0]!.rows.some((r) => (r as unknown[])[6] !== 0 && (r as unknown[])[6] !== '0')).toBe(true);

      const db = t.app.db.$client;
      for (const [table] of tables) for (const grain of GRAINS) db.exec(`DELETE FROM ${table}${grain}`);
      const backfill = readFileSync(path.join(MIGRATIONS, migration), 'utf8')
        .split('--> statement-breakpoint')
        .map((s) => s.replace(/^--.*$/gm, '').trim())
        .filter((s) => s.startsWith('INSERT'));
      expect(backfill).toHaveLength(6);
      for (const sql of backfill) db.exec(sql);
      expect(snapshot(tables)).toEqual(kept);
      // Six datasets ingested through the store: 6–10 s of a loaded machine, past the default 5 s.
    },
    60_000,
  );
});
