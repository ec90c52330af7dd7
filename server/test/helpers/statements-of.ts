import type Database from 'better-sqlite3';

/** A statement a read ran, with its arguments. */
export interface Ran {
  sql: string;
  args: unknown[];
}

type Method = 'all' | 'get' | 'run' | 'iterate';

/**
 * From now on, each statement `db` prepares records its calls of `methods` (with their arguments)
 * while `recording()` holds; `restore` puts `db.prepare` back. Statements prepared before are not
 * seen, so a caller whose code prepares once per connection starts recording before that code runs.
 */
export function recordStatements(
  db: Database.Database,
  methods: readonly Method[],
  recording: () => boolean = () => true,
): { ran: Ran[]; restore(): void } {
  const ran: Ran[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    for (const method of methods) {
      const call = (statement[method] as (...args: unknown[]) => unknown).bind(statement);
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        if (recording()) ran.push({ sql, args });
        return call(...args);
      };
    }
    return statement;
  }) as typeof db.prepare;
  return { ran, restore: () => (db.prepare = prepare as typeof db.prepare) };
}

/** The statements `read` runs on `db` (through all, get or iterate), with their arguments. */
export function statementsOf(db: Database.Database, read: () => unknown): Ran[] {
  const { ran, restore } = recordStatements(db, ['all', 'get', 'iterate']);
  try {
    read();
  } finally {
    restore();
  }
  return ran;
}
