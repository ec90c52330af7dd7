import type Database from 'better-sqlite3';

/** One execution: the statement's text and its parameters. */
export interface Execution {
  sql: string;
  params: unknown[];
}

/**
 * `client`, counting the executions (get, all, run, iterate) of the statements prepared on it:
 * each is one round trip to PostgreSQL. `executed` lists them.
 */
export function countingExecutions(client: Database.Database): {
  db: Database.Database;
  executions: () => number;
  executed: Execution[];
} {
  let count = 0;
  const executed: Execution[] = [];
  const counted = (statement: Database.Statement, sql: string): Database.Statement => {
    const proxy: Database.Statement = new Proxy(statement, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (key === 'get' || key === 'all' || key === 'run' || key === 'iterate') {
            count += 1;
            executed.push({ sql, params: args });
          }
          const result = value.apply(target, args);
          // pluck(), raw() and the like return the statement: keep counting through them.
          return result === target ? proxy : result;
        };
      },
    });
    return proxy;
  };
  const db = new Proxy(client, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      return key === 'prepare' ? (sql: string) => counted(target.prepare(sql), sql) : value;
    },
  });
  return { db, executions: () => count, executed };
}
