import { randomBytes } from 'node:crypto';
import { type FunnelStep, parseFunnelSteps, type SavedFunnel, type SavedFunnelInput } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { cachedStatement } from './cached-statement.js';

// A site's saved funnels (db/schema/saved-funnels.ts). Saving one, or changing its steps, starts a
// new generation of counts: the background count (saved-funnel-backfill.ts) fills it from the
// sessions already stored and deletes the old generation's rows, a bounded batch at a time.

export interface SavedFunnelRow {
  id: string;
  siteId: string;
  name: string;
  steps: string;
  generation: number;
  backfillCursor: string | null;
  createdAt: number;
  updatedAt: number;
}

const COLUMNS =
  // Quoted aliases: PostgreSQL folds unquoted names to lower case.
  'id, site_id AS "siteId", name, steps, generation, backfill_cursor AS "backfillCursor", created_at AS "createdAt", updated_at AS "updatedAt"';

/**
 * Stored steps (a JSON array of strings) parsed as GET /v1/funnels parses them. They were validated
 * when saved, so a row that no longer parses has no steps (and counts nothing).
 */
export function storedFunnelSteps(stepsJson: string): FunnelStep[] {
  const parsed = parseFunnelSteps((JSON.parse(stepsJson) as string[]).join(','));
  return typeof parsed === 'string' ? [] : parsed;
}

export const toSavedFunnel = (r: SavedFunnelRow): SavedFunnel => ({
  id: r.id,
  name: r.name,
  steps: JSON.parse(r.steps) as string[],
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
  counted: r.backfillCursor === null,
});

export function listSavedFunnels(db: Database.Database, siteId: string): SavedFunnelRow[] {
  return cachedStatement(db, `SELECT ${COLUMNS} FROM saved_funnels WHERE site_id = ? ORDER BY created_at, id`).all(
    siteId,
  ) as SavedFunnelRow[];
}

export function getSavedFunnel(db: Database.Database, siteId: string, id: string): SavedFunnelRow | undefined {
  return cachedStatement(db, `SELECT ${COLUMNS} FROM saved_funnels WHERE site_id = ? AND id = ?`).get(siteId, id) as
    | SavedFunnelRow
    | undefined;
}

/**
 * Where the background count of a new generation starts: '' (before every session id) when the
 * site has stored sessions, null (nothing to count) when it has none.
 */
function startCursor(db: Database.Database, siteId: string): string | null {
  return cachedStatement(db, 'SELECT 1 FROM session_steps WHERE site_id = ? LIMIT 1').get(siteId) === undefined
    ? null
    : '';
}

/** undefined when the site already has `limit` saved funnels. */
export function createSavedFunnel(
  db: Database.Database,
  siteId: string,
  input: SavedFunnelInput,
  limit: number,
  now = Date.now(),
): SavedFunnelRow | undefined {
  return db
    .transaction(() => {
      const n = cachedStatement(db, 'SELECT count(*) FROM saved_funnels WHERE site_id = ?')
        .pluck()
        .get(siteId) as number;
      if (n >= limit) return undefined;
      const id = `fn_${randomBytes(9).toString('base64url')}`;
      cachedStatement(
        db,
        'INSERT INTO saved_funnels (id, site_id, name, steps, generation, backfill_cursor, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)',
      ).run(id, siteId, input.name, JSON.stringify(input.steps), startCursor(db, siteId), now, now);
      return getSavedFunnel(db, siteId, id);
    })
    .immediate();
}

/** New steps start a new generation (the old one's rows become garbage); a new name keeps the counts. */
export function patchSavedFunnel(
  db: Database.Database,
  siteId: string,
  id: string,
  patch: Partial<SavedFunnelInput>,
  now = Date.now(),
): SavedFunnelRow | undefined {
  return db
    .transaction(() => {
      const row = getSavedFunnel(db, siteId, id);
      if (row === undefined) return undefined;
      const name = patch.name ?? row.name;
      const steps = patch.steps === undefined ? row.steps : JSON.stringify(patch.steps);
      if (steps !== row.steps) {
        discard(db, row);
        cachedStatement(
          db,
          'UPDATE saved_funnels SET name = ?, steps = ?, generation = generation + 1, backfill_cursor = ?, updated_at = ? WHERE id = ?',
        ).run(name, steps, startCursor(db, siteId), now, id);
      } else {
        cachedStatement(db, 'UPDATE saved_funnels SET name = ?, updated_at = ? WHERE id = ?').run(name, now, id);
      }
      return getSavedFunnel(db, siteId, id);
    })
    .immediate();
}

export function deleteSavedFunnel(db: Database.Database, siteId: string, id: string): boolean {
  return db
    .transaction(() => {
      const row = getSavedFunnel(db, siteId, id);
      if (row === undefined) return false;
      discard(db, row);
      cachedStatement(db, 'DELETE FROM saved_funnels WHERE id = ?').run(id);
      return true;
    })
    .immediate();
}

/** The generation's rows go to the background job: a funnel with millions of sessions is not deleted in one go. */
function discard(db: Database.Database, row: SavedFunnelRow): void {
  cachedStatement(
    db,
    'INSERT INTO saved_funnel_garbage (site_id, funnel_id, generation) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  ).run(row.siteId, row.id, row.generation);
}
