import type Database from 'better-sqlite3';

/**
 * A site's rows of a counter table kept at three grains (`table`, `_daily`, `_monthly`), keys in
 * order, integer counters summed per key (PostgreSQL's bigint text read as numbers): what a
 * counts-equal-recount test compares before and after the recount. Rows whose counts all went
 * back to 0 (an answer or session that moved elsewhere) are no difference, so they are left out.
 */
export function tieredCounterRows(
  db: Database.Database,
  table: string,
  key: readonly string[],
  sums: readonly string[],
  siteId: string,
) {
  return ['', '_daily', '_monthly'].map((grain) => ({
    table: `${table}${grain}`,
    rows: db
      .prepare(
        `SELECT ${key.join(', ')}, ${sums.map((c) => `sum(${c})`).join(', ')} ` +
          `FROM ${table}${grain} WHERE site_id = ? GROUP BY ${key.join(', ')} ` +
          `HAVING ${sums.map((c) => `sum(${c}) <> 0`).join(' OR ')} ORDER BY ${key.join(', ')}`,
      )
      .raw()
      .all(siteId)
      .map((r) => (r as unknown[]).map((v) => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v))),
  }));
}
