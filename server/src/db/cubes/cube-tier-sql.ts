import { MultiRowUpsertSql } from '../multi-row-upsert.js';

// The statements the ingest writer keeps the cube tiers with (cube-tier-deltas.ts): a counter
// tier's changed rows in a few multi-row statements per group commit, a histogram's one per row.
// Table and column names come from cube-specs.ts, never from input.

/**
 * A counter tier's upsert, of any number of rows (multi-row-upsert.ts): the same text on SQLite and
 * PostgreSQL (the alias `t` names the stored row on both) apart from the placeholders, which a
 * PostgreSQL driver numbers.
 */
export function counterTierUpsertSql(
  table: string,
  keyCols: readonly string[],
  counters: readonly string[],
): MultiRowUpsertSql {
  const cols = [...keyCols, ...counters];
  return new MultiRowUpsertSql(
    `INSERT INTO ${table} AS t (${cols.join(', ')})`,
    cols.length,
    `ON CONFLICT (${keyCols.join(', ')}) DO UPDATE SET ${counters.map((c) => `${c} = t.${c} + excluded.${c}`).join(', ')}`,
  );
}

/**
 * A histogram tier's merge of `buckets` buckets, SQLite's JSONB spelling (JSON functions are the
 * one part no dialect shares; PostgreSQL's is histogramTierMergeSqlPostgres, same parameters).
 * Parameters: the key; the first bucket's name and samples, then each other's path and samples
 * (the new row); then per bucket its path twice and its samples (the merge). Each bucket is one
 * `jsonb_set`, in the order the commit's hourly rows brought them, as the triggers of migrations
 * 0008 and 0013 did one hourly row at a time: a JSONB blob's bytes depend on the edits that made
 * it, not only on its value, and these edits leave the same bytes as theirs (rollup-tiers.test.ts).
 */
export function histogramTierMergeSql(table: string, keyCols: readonly string[], buckets: number): string {
  const pairs = (n: number, pair: string) => Array.from({ length: n }, () => pair).join(', ');
  const first = 'jsonb_object(?, CAST(? AS INTEGER))';
  const fresh = buckets === 1 ? first : `jsonb_set(${first}, ${pairs(buckets - 1, '?, CAST(? AS INTEGER)')})`;
  return (
    `INSERT INTO ${table} AS t (${keyCols.join(', ')}, hist) VALUES (${keyCols.map(() => '?').join(', ')}, ${fresh}) ` +
    `ON CONFLICT (${keyCols.join(', ')}) DO UPDATE SET hist = jsonb_set(t.hist, ` +
    `${pairs(buckets, '?, COALESCE(jsonb_extract(t.hist, ?), 0) + CAST(? AS INTEGER)')})`
  );
}

/**
 * histogramTierMergeSql on PostgreSQL's jsonb column, bound with the same parameters: each bucket's
 * SQLite path `$."<bucket>"` becomes its key, and the buckets (distinct within a statement, as
 * there) are set with one `||`, each from the stored row's value, as SQLite's jsonb_set sets each.
 */
export function histogramTierMergeSqlPostgres(table: string, keyCols: readonly string[], buckets: number): string {
  const key = `btrim(substr(?::text, 3), '"')`;
  const rest = Array.from({ length: buckets - 1 }, () => ` || jsonb_build_object(${key}, CAST(? AS INTEGER))`);
  const merged = Array.from(
    { length: buckets },
    () => `${key}, COALESCE((t.hist ->> ${key})::int8, 0) + CAST(? AS INTEGER)`,
  ).join(', ');
  return (
    `INSERT INTO ${table} AS t (${keyCols.join(', ')}, hist) VALUES (${keyCols.map(() => '?').join(', ')}, ` +
    `jsonb_build_object(?::text, CAST(? AS INTEGER))${rest.join('')}) ` +
    `ON CONFLICT (${keyCols.join(', ')}) DO UPDATE SET hist = t.hist || jsonb_build_object(${merged})`
  );
}
