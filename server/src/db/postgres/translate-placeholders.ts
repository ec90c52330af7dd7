/** Where the value of each `$n` comes from: a positional argument's index or a named parameter's name. */
export type ParameterSource = number | string;

export interface TranslatedSql {
  /** The text with PostgreSQL's `$1, $2, …` in place of SQLite's placeholders. */
  text: string;
  /** sources[n - 1] is what `$n` binds. */
  sources: ParameterSource[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

/**
 * SQLite's placeholders (`?`, `?NNN`, `@name`, `:name`) rewritten as PostgreSQL's numbered ones,
 * outside string literals, quoted identifiers and comments. A name used twice binds one `$n`; `::`
 * (PostgreSQL's cast) is not a named parameter. The statements are SQLite's texts, so `$` keeps its
 * PostgreSQL meaning (dollar quoting is not recognised: no shared text uses it).
 */
export function translatePlaceholders(sql: string): TranslatedSql {
  const sources: ParameterSource[] = [];
  const named = new Map<string, number>();
  let positional = 0;
  let out = '';
  let i = 0;
  const bind = (source: ParameterSource): string => {
    if (typeof source === 'string') {
      const known = named.get(source);
      if (known !== undefined) return `$${known}`;
      named.set(source, sources.length + 1);
    }
    sources.push(source);
    return `$${sources.length}`;
  };
  while (i < sql.length) {
    const c = sql[i] as string;
    const next = sql[i + 1];
    if (c === "'" || c === '"') {
      // A quote inside is doubled, so the literal ends at the first quote not followed by another.
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j += 1;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      const j = end === -1 ? sql.length : end;
      out += sql.slice(i, j);
      i = j;
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      const j = end === -1 ? sql.length : end + 2;
      out += sql.slice(i, j);
      i = j;
    } else if (c === '?') {
      let j = i + 1;
      while (j < sql.length && /[0-9]/.test(sql[j] as string)) j += 1;
      // ?NNN is the NNN-th argument (1-based), and a later bare ? continues after the largest one.
      if (j > i + 1) {
        const index = Number(sql.slice(i + 1, j)) - 1;
        positional = Math.max(positional, index + 1);
        out += bind(index);
      } else {
        out += bind(positional);
        positional += 1;
      }
      i = j;
    } else if (c === ':' && next === ':') {
      out += '::';
      i += 2;
    } else if ((c === '@' || c === ':') && next !== undefined && NAME_START.test(next)) {
      let j = i + 2;
      while (j < sql.length && NAME_PART.test(sql[j] as string)) j += 1;
      out += bind(sql.slice(i + 1, j));
      i = j;
    } else {
      out += c;
      i += 1;
    }
  }
  return { text: out, sources };
}
