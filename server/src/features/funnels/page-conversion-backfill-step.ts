import type Database from 'better-sqlite3';
import { PageConversionDeltas } from '../ingest/derive/page-conversion-deltas.js';
import { cachedStatement } from './cached-statement.js';
import type { LockSite } from './saved-funnel-backfill.js';

/**
 * One bounded step of counting goal conversion by page over sessions stored before those counts
 * were kept at ingest: up to `batchSessions` sessions of one site still listed in
 * `page_conversion_backfill`, in session id order from its cursor; the site leaves the list once its
 * last batch is counted. Runs inside the caller's transaction (the background count's,
 * saved-funnel-backfill.ts). The ingest writer leaves a listed site's sessions past the cursor to
 * this step, so each session is counted once. Returns false when no site is waiting.
 */
export function pageConversionBackfillStep(db: Database.Database, batchSessions: number, lockSite: LockSite): boolean {
  const p = cachedStatement(db, 'SELECT site_id, cursor FROM page_conversion_backfill LIMIT 1').raw().get() as
    | [string, string]
    | undefined;
  if (p === undefined) return false;
  const [siteId, cursor] = p;
  lockSite(siteId);
  const rows = cachedStatement(
    db,
    'SELECT session_id, steps, device, browser, language FROM session_steps WHERE site_id = ? AND session_id > ? ' +
      'ORDER BY session_id LIMIT ?',
  )
    .raw()
    .all(siteId, cursor, batchSessions) as [string, string, string, string, string][];
  const pages = new PageConversionDeltas(db);
  for (const [, steps, ...seg] of rows) pages.count(siteId, seg, JSON.parse(steps) as number[], 1);
  pages.apply();
  if (rows.length < batchSessions)
    cachedStatement(db, 'DELETE FROM page_conversion_backfill WHERE site_id = ?').run(siteId);
  else
    cachedStatement(db, 'UPDATE page_conversion_backfill SET cursor = ? WHERE site_id = ?').run(
      rows[rows.length - 1]![0],
      siteId,
    );
  return true;
}
