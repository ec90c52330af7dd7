import Database from 'better-sqlite3';
import { SyncPostgres } from '@loupe/server/internal';

// How many statements a derivation runs per commit, on either engine: each one is a round trip
// on PostgreSQL, where the writer's connection is the synchronous facade (sync-postgres.ts), so
// their number, not only their time, is what a derivation costs there.

type Run = (this: unknown, ...args: unknown[]) => unknown;
const RUNS = ['get', 'all', 'run', 'iterate'] as const;

/** Both engines' statement prototypes: better-sqlite3's, and the facade's (made without a connection). */
function statementPrototypes(): Record<string, Run>[] {
  const sqlite = new Database(':memory:');
  try {
    const prepare = SyncPostgres.prototype.prepare as (this: unknown, sql: string) => object;
    return [Object.getPrototypeOf(sqlite.prepare('SELECT 1')), Object.getPrototypeOf(prepare.call({}, 'SELECT 1'))];
  } finally {
    sqlite.close();
  }
}

export interface StatementCount {
  /** Statements run inside the methods since the last reset, per call of the first method. */
  perCall(): number;
  reset(): void;
  restore(): void;
}

/** Counts the statements run while one of `methods` of `proto` runs (on the prototype, so every instance). */
export function countStatements(proto: object, methods: readonly string[]): StatementCount {
  const saved: [Record<string, Run>, string, Run][] = [];
  const wrap = (target: Record<string, Run>, m: string, make: (run: Run) => Run) => {
    const run = target[m]!;
    saved.push([target, m, run]);
    target[m] = make(run);
  };
  let inside = false;
  let statements = 0;
  let calls = 0;
  const within = (first: boolean) => (run: Run) =>
    function (this: unknown, ...args: unknown[]) {
      const outer = inside;
      inside = true;
      if (first) calls += 1;
      try {
        return run.apply(this, args);
      } finally {
        inside = outer;
      }
    };
  for (const statement of statementPrototypes()) {
    for (const m of RUNS)
      wrap(
        statement,
        m,
        (run) =>
          function (this: unknown, ...args: unknown[]) {
            if (inside) statements += 1;
            return run.apply(this, args);
          },
      );
  }
  for (const [i, m] of methods.entries()) wrap(proto as Record<string, Run>, m, within(i === 0));
  return {
    perCall: () => (calls === 0 ? 0 : statements / calls),
    reset: () => {
      statements = 0;
      calls = 0;
    },
    restore: () => {
      for (const [target, m, run] of saved.reverse()) target[m] = run;
    },
  };
}
