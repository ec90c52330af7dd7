import type Database from 'better-sqlite3';

/** A table kept by UTC hour, day and month: its name, and its _daily and _monthly twins'. */
export const GRAINS = ['', '_daily', '_monthly'] as const;

/**
 * A site's rows of `table` at each grain, summed per key and in key order, as counts-equal-recount
 * tests compare them: rows whose sums are all 0 (counts that moved away) are no difference, and
 * PostgreSQL's numeric text is read as numbers. `sum` spells each summed column (the default
 * `sum(c)`; reals compared to some places need a rounding).
 */
export function tieredCountSnapshot(
  client: Database.Database,
  table: string,
  key: readonly string[],
  sums: readonly string[],
  siteId: string,
  sum: (column: string) => string = (c) => `sum(${c})`,
) {
  return GRAINS.map((grain) => ({
    table: `${table}${grain}`,
    rows: client
      .prepare(
        `SELECT ${key.join(', ')}, ${sums.map(sum).join(', ')} ` +
          `FROM ${table}${grain} WHERE site_id = ? GROUP BY ${key.join(', ')} ` +
          `HAVING ${sums.map((c) => `${sum(c)} <> 0`).join(' OR ')} ORDER BY ${key.join(', ')}`,
      )
      .raw()
      .all(siteId)
      .map((r) => (r as unknown[]).map((v) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v))),
  }));
}
