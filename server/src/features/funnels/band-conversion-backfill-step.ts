import type Database from 'better-sqlite3';
import { BandConversionDeltas } from '../ingest/derive/band-conversion-deltas.js';
import { cachedStatement } from './cached-statement.js';
import type { LockSite } from './saved-funnel-backfill.js';

/**
 * One bounded step of counting goal conversion by band over answers stored before those counts
 * were kept at ingest: up to `batchSessions` answering sessions of one site still listed in
 * `band_conversion_backfill`, in session id order from its cursor; the site leaves the list once
 * its last batch is counted. Runs inside the caller's transaction (the background count's,
 * saved-funnel-backfill.ts), where the ingest writer's `touch` of the same session is a no-op
 * once this one counted it. Returns false when no site is waiting.
 */
export function bandConversionBackfillStep(db: Database.Database, batchSessions: number, lockSite: LockSite): boolean {
  const b = cachedStatement(db, 'SELECT site_id, cursor FROM band_conversion_backfill LIMIT 1').raw().get() as
    | [string, string]
    | undefined;
  if (b === undefined) return false;
  const [siteId, cursor] = b;
  lockSite(siteId);
  const sessions = cachedStatement(
    db,
    'SELECT DISTINCT session_id FROM responses WHERE site_id = ? AND session_id > ? ORDER BY session_id LIMIT ?',
  )
    .pluck()
    .all(siteId, cursor, batchSessions) as string[];
  const bands = new BandConversionDeltas(db);
  for (const sessionId of sessions) bands.touch(siteId, sessionId);
  bands.apply();
  if (sessions.length < batchSessions)
    cachedStatement(db, 'DELETE FROM band_conversion_backfill WHERE site_id = ?').run(siteId);
  else
    cachedStatement(db, 'UPDATE band_conversion_backfill SET cursor = ? WHERE site_id = ?').run(
      sessions[sessions.length - 1],
      siteId,
    );
  return true;
}
