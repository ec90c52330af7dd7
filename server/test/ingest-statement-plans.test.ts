import fc from 'fast-check';
import { promptDefinitionSchema } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../src/db/migrate-database.js';
import { type Db, openDatabase } from '../src/db/open-database.js';
import type { IngestRow } from '../src/features/ingest/ingest-row.js';
import { prepareEvents } from '../src/features/ingest/http/prepare-events.js';
import { createIngestStore } from '../src/features/ingest/writer/ingest-store.js';
import { createPrompt } from '../src/features/prompts/prompts-store.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { withIdentify } from './helpers/identify-events.js';
import { recordStatements } from './helpers/statements-of.js';
import { datasetArb, datasetEvents, promptIdsFor } from './helpers/random-dataset.js';

// What a commit costs per event must not grow with the rows a site already has (docs/ingest-cost.md
// "As the database grows"). Without statistics (the server never runs ANALYZE) SQLite would serve
// some of the writer's lookups by session from an index that only the site narrows, because it
// covers the columns read or gives the ORDER BY: every answer, trait or customer session of the site
// walked for each session a commit touched. This plans every statement the writer runs on commits
// of random datasets (answers, goals, identify calls with traits and customers, returning visitors)
// and proves none of them walks a whole site's rows, nor scans a table.

/** The writer's lookups by session that once walked a site: a session's answers, traits (two) and customers. */
const LOOKUPS = [
  /^SELECT kind, score, created_at FROM responses\b/,
  /^WITH touched .* JOIN session_traits\b/,
  /^SELECT key, value FROM session_traits\b/,
  /^SELECT customer_id FROM customer_sessions\b/,
];

/** Per-site settings, a handful of rows each: reading all of a site's is the point. */
const SITE_SETTINGS = /\b(FROM|JOIN) (saved_funnels|webhooks|page_conversion_backfill)\b/;

/** The plan's lines that read a whole site (an index narrowed by site_id alone) or a whole table. */
const wholeSite = (plan: string[]) =>
  plan.filter(
    (line) => /\(site_id=\?\)$/.test(line) || /^SCAN (?!json_each|CONSTANT ROW|\d+-ROW VALUES CLAUSE)/.test(line),
  );

describe('the statements of a commit', () => {
  let db: Db;
  const plans = new Map<string, string[]>();
  beforeAll(() => {
    db = openDatabase(':memory:');
    migrateDatabase(db);
    let recording = false;
    // Before the store: the derivations prepare their statements once per connection, on first use.
    const { ran } = recordStatements(db.$client, ['all', 'get', 'run', 'iterate'], () => recording);
    const store = createIngestStore(db);
    const commit = (rows: IngestRow[]) => {
      recording = true;
      try {
        store.commit([rows]);
      } finally {
        recording = false;
      }
    };
    // Which events carry identify calls hangs on their random ids, so some rounds of datasets run
    // no lookup of stored traits: rounds go on until every lookup below has run.
    const lookupsRan = () => LOOKUPS.every((pattern) => ran.some((r) => pattern.test(r.sql)));
    for (let round = 0; round < 10 && (round === 0 || !lookupsRan()); round++)
      for (const [salt, dataset] of fc.sample(datasetArb, { numRuns: 6, seed: 14 + round }).entries()) {
        const { siteId } = createSite(db, { name: 'plans', origins: [] });
        const prompts = promptIdsFor(siteId);
        for (const [kind, id] of Object.entries(prompts)) {
          const definition = promptDefinitionSchema.parse({ name: kind, kind, texts: { en: { question: 'How?' } } });
          db.$client.prepare('UPDATE prompts SET id = ? WHERE id = ?').run(id, createPrompt(db, siteId, definition).id);
        }
        // Small commits, so later ones touch sessions, answers and traits that earlier ones stored.
        let rows: IngestRow[] = [];
        for (const { event, device, browser } of withIdentify(datasetEvents(dataset, prompts), salt)) {
          rows.push(
            ...prepareEvents([event], undefined, { siteId, receivedAt: event.ts + 1000, client: { device, browser } })
              .rows,
          );
          if (rows.length >= 7) {
            commit(rows);
            rows = [];
          }
        }
        if (rows.length > 0) commit(rows);
      }
    for (const r of ran) {
      if (plans.has(r.sql)) continue;
      const plan = db.$client.prepare(`EXPLAIN QUERY PLAN ${r.sql}`).all(...r.args) as { detail: string }[];
      plans.set(
        r.sql,
        plan.map((p) => p.detail),
      );
    }
  }, 60_000);
  afterAll(() => db?.$client.close());

  it('read the sessions they touch through their own rows, never all of a site’s', () => {
    const offending = [...plans]
      .filter(([sql]) => !SITE_SETTINGS.test(sql))
      .flatMap(([sql, plan]) => wholeSite(plan).map((line) => `${line}  ←  ${sql.slice(0, 160)}`));
    expect(offending).toEqual([]);
  });

  it('include the lookups that once walked a site: its answers, traits and customers by session', () => {
    // Else the check above could pass for want of running them.
    const planOf = (pattern: RegExp) => [...plans].find(([sql]) => pattern.test(sql))?.[1].join('\n');
    const [answers, touchedTraits, storedTraits, customers] = LOOKUPS;
    expect(planOf(answers!)).toContain('responses_site_session (site_id=? AND session_id=?)');
    expect(planOf(touchedTraits!)).toContain('(site_id=? AND session_id=?)');
    expect(planOf(storedTraits!)).toContain('(site_id=? AND session_id=?)');
    expect(planOf(customers!)).toContain('customer_sessions_site_session (site_id=? AND session_id=?)');
  });
});
