/**
 * The one place where a statement's SQLite text becomes PostgreSQL's, for the few forms drizzle's
 * SQLite dialect (and Loupe's own texts) write that PostgreSQL reads otherwise or not at all. Each
 * rewrite is exact for the form it matches and leaves every other text unchanged; a form not
 * listed here fails loudly on PostgreSQL (a syntax error naming it), never silently.
 */
const REWRITES: [RegExp, (match: string, ...groups: string[]) => string][] = [
  // drizzle writes `on conflict ("table"."column")`; PostgreSQL's conflict target takes bare columns.
  [/on conflict \(([^)]*)\)/gi, (_m, target = '') => `on conflict (${target.replace(/"[^"]+"\./g, '')})`],
  // zeroblob(N): N zero bytes.
  [/\bzeroblob\(([^)]*)\)/gi, (_m, n = '0') => `decode(repeat('00', ${n}), 'hex')`],
];

export function toPostgresSql(sql: string): string {
  let text = sql;
  for (const [pattern, replace] of REWRITES) text = text.replace(pattern, replace);
  return text;
}
