import { AudienceCohortDeltas } from '../features/ingest/derive/audience-cohort-counts.js';
import type { Db } from './open-database.js';

// The retention cohorts under a trait (db/schema/audience-cohorts.ts) of the visitors stored
// before the table, counted once after the migrations with the writer's own function
// (audience-cohort-counts.ts): a visitor's cohort is the week or month of their first session in
// the site's time zone, which SQLite cannot work out in SQL (PostgreSQL's migration does it with
// AT TIME ZONE). Who is in which audience (visitor_trait_sessions) the migration counted in SQL.
// One transaction with the `settings` row that records it is done, before the server answers.

const DONE_KEY = 'backfill.audience_cohort_rollups';

export function backfillAudienceCohorts(db: Db): void {
  const sqlite = db.$client;
  if (sqlite.prepare('SELECT 1 FROM settings WHERE key = ?').get(DONE_KEY)) return;
  sqlite.transaction(() => {
    const sites = sqlite.prepare('SELECT DISTINCT site_id FROM visitor_trait_sessions').pluck().all() as string[];
    const deltas = new AudienceCohortDeltas(sqlite);
    for (const siteId of sites) deltas.countSite(siteId);
    sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(DONE_KEY, new Date().toISOString());
  })();
}
