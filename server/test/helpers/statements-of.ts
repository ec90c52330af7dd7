import type Database from 'better-sqlite3';

/** A statement a read ran, with its arguments. */
export interface Ran {
  sql: string;
  args: unknown[];
}

/** The statements `read` runs on `db` (through all, get or iterate), with their arguments. */
export function statementsOf(db: Database.Database, read: () => unknown): Ran[] {
  const ran: Ran[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    for (const method of ['all', 'get', 'iterate'] as const) {
      const run = (statement[method] as (...args: unknown[]) => unknown).bind(statement);
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        ran.push({ sql, args });
        return run(...args);
      };
    }
    return statement;
  }) as typeof db.prepare;
  try {
    read();
  } finally {
    db.prepare = prepare as typeof db.prepare;
  }
  return ran;
}
