import type { App } from '../../src/app.js';

/**
 * Every row belonging to one site, in every table with a site_id column (plus its sites row), as
 * one string: equal before and after means nothing of the site was written.
 */
export function siteSnapshot(app: App, siteId: string): string {
  const db = app.db.$client;
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'",
    )
    .all() as { name: string }[];
  const parts: string[] = [];
  for (const { name } of tables) {
    const cols = (db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).map((c) => c.name);
    const key = cols.includes('site_id') ? 'site_id' : name === 'sites' && cols.includes('id') ? 'id' : undefined;
    if (!key) continue;
    const rows = db.prepare(`SELECT * FROM "${name}" WHERE "${key}" = ? ORDER BY 1`).all(siteId);
    parts.push(`${name}:${JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v))}`);
  }
  return parts.join('\n');
}
