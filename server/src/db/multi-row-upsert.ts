// A group commit writes a few dozen rows to each rollup and cube tier table. One statement per row
// paid the statement's round trip (bind, step, reset; on PostgreSQL a network exchange) for each;
// one multi-row `INSERT … VALUES (…), (…) ON CONFLICT … DO UPDATE` per chunk of rows does the same
// work in a fraction of the calls. The rows of one statement must have distinct keys (PostgreSQL
// refuses to update a row twice in one statement): the callers sum their deltas per key first.
// Row counts are cut into chunks of the sizes below (64s, then the binary digits of the rest), so
// a table has at most seven statement texts, each prepared once.

/** Rows per statement, largest first; 64 rows of a wide rollup stay far under both engines' parameter limits. */
const CHUNKS = [64, 32, 16, 8, 4, 2, 1] as const;

/** The text of an upsert of `rows` rows: `head VALUES (?, …), … tail`, built once per row count. */
export class MultiRowUpsertSql {
  private readonly texts = new Map<number, string>();
  private readonly tuple: string;

  /** `head` is `INSERT INTO t (cols)`, `tail` the `ON CONFLICT …` clause; `columns` values per row. */
  constructor(
    private readonly head: string,
    columns: number,
    private readonly tail: string,
  ) {
    this.tuple = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  }

  forRows(rows: number): string {
    let sql = this.texts.get(rows);
    if (sql === undefined) {
      sql = `${this.head} VALUES ${Array.from({ length: rows }, () => this.tuple).join(', ')} ${this.tail}`;
      this.texts.set(rows, sql);
    }
    return sql;
  }
}

/**
 * Runs `rows` (each its values in column order) as few multi-row statements: `exec` gets each
 * chunk's statement text (from `sql`) and its values, flattened, rows in the order given.
 */
export function runMultiRowUpsert(
  rows: readonly (readonly unknown[])[],
  sql: MultiRowUpsertSql,
  exec: (text: string, params: unknown[]) => void,
): void {
  let i = 0;
  for (const size of CHUNKS) {
    while (rows.length - i >= size) {
      const params: unknown[] = [];
      for (let j = i; j < i + size; j++) for (const v of rows[j]!) params.push(v);
      exec(sql.forRows(size), params);
      i += size;
    }
  }
}
