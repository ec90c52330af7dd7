/**
 * The one place where a statement's SQLite text becomes PostgreSQL's, for the few forms drizzle's
 * SQLite dialect (and Loupe's own texts) write that PostgreSQL reads otherwise or not at all. Each
 * rewrite is exact for the form it matches and leaves every other text unchanged; a form not
 * listed here fails loudly on PostgreSQL (a syntax error naming it), never silently.
 */
const REWRITES: [RegExp, (match: string, ...groups: string[]) => string][] = [
  // drizzle writes `on conflict ("table"."column")`; PostgreSQL's conflict target takes bare columns.
  [/on conflict \(([^)]*)\)/gi, (_m, target = '') => `on conflict (${target.replace(/"[^"]+"\./g, '')})`],
  // N random bytes as hex (ids): md5 of a random UUID spreads its 122 random bits over 32 hex digits.
  [
    /\blower\(hex\(randomblob\((\d+)\)\)\)/gi,
    (m, n = '0') => (Number(n) <= 16 ? `left(md5(gen_random_uuid()::text), ${Number(n) * 2})` : m),
  ],
  // json_each(X): loupe_json_each (migration 0008 of drizzle-pg/), named json_each when unaliased so
  // `json_each.value` still reads it.
  [/\bjson_each\(([^()]*)\)(?!\s+as\b)/gi, (_m, x = '') => `loupe_json_each(${x}) AS json_each`],
  [/\bjson_each\(([^()]*)\)/gi, (_m, x = '') => `loupe_json_each(${x})`],
  // json_extract(X, '$.key'): the member as text (SQLite's is typed: a numeric use fails loudly here).
  [
    /\bjson_extract\(([^(),]+),\s*'\$\.([A-Za-z_][A-Za-z0-9_]*)'\)/gi,
    (_m, x = '', key = '') => `((${x})::json ->> '${key}')`,
  ],
  // `rowid IN (SELECT rowid FROM t …)`, a bounded batch of rows: PostgreSQL has no rowid, and
  // (tableoid, ctid) names a row for the statement's life, in a partitioned table too.
  [/\browid IN \(SELECT rowid FROM\b/gi, () => '(tableoid, ctid) IN (SELECT tableoid, ctid FROM'],
  // zeroblob(N): N zero bytes.
  [/\bzeroblob\(([^)]*)\)/gi, (_m, n = '0') => `decode(repeat('00', ${n}), 'hex')`],
  // A json_each element as text, booleans as true/false (how SQLite's texts render a trait's value):
  // loupe_json_each has no `type` column, and its value already is that text (json_each_text's).
  // Numbers are their JSON text there, SQLite's CAST gives 15 significant digits: the same for
  // integers and for JavaScript's short decimals (42, 1.5), not for 0.30000000000000004.
  [
    /\bCASE ([a-z_]+)\.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST\(\1\.value AS TEXT\) END/g,
    (_m, t = '') => `${t}.value`,
  ],
  // PostgreSQL folds an unquoted alias to lower case, SQLite keeps it as written: a camelCase alias
  // (`created_at AS createdAt`, read by name) is quoted.
  [/\bAS ([a-z][a-z0-9]*[A-Z][A-Za-z0-9]*)\b(?!")/g, (_m, alias = '') => `AS "${alias}"`],
  // SQLite's BINARY collation is byte order (memcmp of UTF-8), PostgreSQL's "C". A text written
  // with COLLATE BINARY (SQLite's default, so its plans are unchanged) orders and compares the
  // same on both, whatever collation the PostgreSQL database was created with.
  [/\bCOLLATE\s+BINARY\b/gi, () => 'COLLATE "C"'],
  // instr(haystack, needle): strpos, the same 1-based position (0 when absent, NULL on NULL).
  [/\binstr\(/gi, () => 'strpos('],
  // char(N): the character of code point N (PostgreSQL reads char(N) as a type).
  [/\bchar\((\d+)\)/gi, (_m, n = '0') => `chr(${n})`],
  // `CROSS JOIN t ON …`: SQLite's join that keeps the written order; PostgreSQL's CROSS JOIN takes no
  // ON, and an inner join is the same rows.
  [
    /\bcross\s+join(\s+[a-z_][a-z0-9_]*(?:\s+(?:as\s+)?(?!on\b)[a-z_][a-z0-9_]*)?\s+on\b)/gi,
    (_m, rest = '') => `JOIN${rest}`,
  ],
];

export function toPostgresSql(sql: string): string {
  let text = sql;
  for (const [pattern, replace] of REWRITES) text = text.replace(pattern, replace);
  return qualifyUpsertColumns(scalarMinMax(omitNullKey(text)));
}

/**
 * drizzle's SQLite insert writes `null` for an omitted INTEGER PRIMARY KEY AUTOINCREMENT (audit_log,
 * webhook_deliveries: `seq`), which SQLite reads as "the next one" and PostgreSQL's identity column
 * refuses: such a key, first in the column list and given the literal null in every row, is left
 * out, so the identity gives it. (A key given null is an error on both engines otherwise.)
 */
function omitNullKey(sql: string): string {
  const m = /^(insert into "[a-z_]+" \()"(?:seq|id)", ([^)]*\) values )(\(null, .*)$/is.exec(sql);
  if (m === null) return sql;
  const [, head = '', columns = '', rest = ''] = m;
  const end = /\) (?:on conflict|returning)\b/i.exec(rest);
  const values = end === null ? rest : rest.slice(0, end.index + 1);
  const tuples = values.split(/\), \(/);
  if (!tuples.every((t, i) => (i === 0 ? t.startsWith('(null, ') : t.startsWith('null, ')))) return sql;
  return head + columns + values.replace(/(^\(|\), \()null, /g, '$1') + rest.slice(values.length);
}

const KEYWORDS = new Set(
  'case when then else end and or not null is in like glob between true false distinct from excluded set where returning as cast integer int int8 bigint text real numeric double precision json jsonb boolean'.split(
    ' ',
  ),
);

/**
 * In `INSERT INTO t … ON CONFLICT … DO UPDATE SET c = <expr>, …`, SQLite reads a bare column in
 * <expr> as the existing row's and PostgreSQL calls it ambiguous (it could be `excluded`'s): bare
 * columns of the expressions (not the assigned ones, not functions, keywords or casts' types) are
 * qualified with the table, which both engines read the same way.
 */
function qualifyUpsertColumns(sql: string): string {
  const into = /^\s*insert\s+into\s+"?([a-z_][a-z0-9_]*)"?(?:\s+as\s+([a-z_][a-z0-9_]*))?/i.exec(sql);
  const table = into?.[2] ?? into?.[1];
  const set = /\bdo\s+update\s+set\b/i.exec(sql);
  if (table === undefined || set === null) return sql;
  const start = set.index + set[0].length;
  const returning = /\breturning\b/i.exec(sql.slice(start));
  const end = returning === null ? sql.length : start + returning.index;
  const clause = sql.slice(start, end);
  let out = '';
  let depth = 0;
  let assigning = true;
  for (let i = 0; i < clause.length; ) {
    const c = clause[i] as string;
    if (c === "'" || c === '"') {
      const close = clause.indexOf(c, i + 1);
      const j = close === -1 ? clause.length : close + 1;
      out += clause.slice(i, j);
      i = j;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(clause.slice(i))?.[0];
    if (word === undefined) {
      if (c === '(') depth += 1;
      else if (c === ')') depth -= 1;
      else if (c === ',' && depth === 0) assigning = true;
      else if (c === '=' && assigning) assigning = false;
      out += c;
      i += 1;
      continue;
    }
    const before = out.trimEnd();
    const after = clause.slice(i + word.length).trimStart();
    const bare =
      !assigning &&
      !before.endsWith('.') &&
      !before.endsWith('::') &&
      !after.startsWith('(') &&
      !after.startsWith('.') &&
      !KEYWORDS.has(word.toLowerCase());
    // WHERE after SET: its columns are expressions too.
    if (word.toLowerCase() === 'where' && depth === 0) assigning = false;
    out += bare ? `${table}.${word}` : word;
    i += word.length;
  }
  return sql.slice(0, start) + out + sql.slice(end);
}

/**
 * SQLite's min(a, b, …) and max(a, b, …) with two or more arguments are scalar: PostgreSQL's
 * least() and greatest(). (One argument is the aggregate, the same on both.) SQLite's scalar
 * forms answer NULL when an argument is NULL and PostgreSQL's skip NULLs; the shared texts apply
 * them to NOT NULL columns only.
 */
function scalarMinMax(sql: string): string {
  const call = /\b(min|max)\(/gi;
  let out = '';
  let from = 0;
  for (let m = call.exec(sql); m !== null; m = call.exec(sql)) {
    const open = m.index + m[0].length - 1;
    const args = topLevelCommas(sql, open);
    if (args === 0) continue;
    out += `${sql.slice(from, m.index)}${(m[1] as string).toLowerCase() === 'min' ? 'least' : 'greatest'}`;
    from = open;
  }
  return out + sql.slice(from);
}

/** The commas at depth one inside the parenthesis opened at `open` (quotes skipped). */
function topLevelCommas(sql: string, open: number): number {
  let depth = 0;
  let commas = 0;
  for (let i = open; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      i = end === -1 ? sql.length : end;
    } else if (c === '(') depth += 1;
    else if (c === ')') {
      depth -= 1;
      if (depth === 0) return commas;
    } else if (c === ',' && depth === 1) commas += 1;
  }
  return commas;
}
