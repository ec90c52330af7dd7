/// <reference path="./libpq.d.ts" />
import { createRequire } from 'node:module';
import type LibpqConnection from 'libpq';
import { PLAN_EACH_RUN } from '../sql-dialect.js';
import { PostgresError } from './postgres-error.js';
import { toPostgresSql } from './postgres-dialect.js';
import { decodeValue, encodeParameter, type SqlValue } from './pg-values.js';
import { type ParameterSource, translatePlaceholders } from './translate-placeholders.js';

type LibpqClass = typeof import('libpq').default;
let libpqClass: LibpqClass | undefined;

/**
 * `libpq` is an optional dependency, loaded on the first PostgreSQL connection: it compiles against
 * the system's libpq (Debian's `libpq-dev`), which a SQLite install need not have. Loaded with
 * require: the package prints its include folder when it has no parent module, which is the case
 * when ESM imports it.
 */
function loadLibpq(): LibpqClass {
  if (libpqClass) return libpqClass;
  try {
    libpqClass = createRequire(import.meta.url)('libpq') as LibpqClass;
  } catch (err) {
    throw new Error(
      'PostgreSQL needs the optional `libpq` package, which did not install: install the libpq ' +
        'headers (Debian: apt-get install libpq-dev) and run `npm install` again. (' +
        (err instanceof Error ? err.message.split('\n')[0] : String(err)) +
        ')',
    );
  }
  return libpqClass;
}

export interface RunResult {
  changes: number;
  /** Always 0: PostgreSQL has no rowid (statements that need an id use RETURNING). */
  lastInsertRowid: number;
}

type Row = Record<string, unknown>;

/** libpq's PQTRANS_UNKNOWN: what transactionStatus() says once the connection is bad. */
const PQTRANS_UNKNOWN = 4;
/** SQLSTATE connection_failure: a broken connection the server sent no error for. */
const CONNECTION_FAILURE = '08006';

/**
 * One PostgreSQL connection with better-sqlite3's synchronous shape (`prepare` → `run/get/all/
 * iterate`, `pluck`, `raw`, `transaction`, `exec`), so the stores, drizzle's better-sqlite3 driver
 * and the ingest derivations run on it unchanged, with one SQL text for both engines. Each call
 * blocks the thread until PostgreSQL answers, exactly as better-sqlite3 blocks on the disk: libpq's
 * synchronous API, in this thread. One connection serves every statement in turn, so a transaction
 * (synchronous, start to end) never interleaves with another, as on SQLite's single connection.
 */
export class SyncPostgres {
  readonly dialect = 'postgres' as const;
  /** Server-side prepared statements by their PostgreSQL text: each text is parsed once per connection. */
  private readonly prepared = new Map<string, string>();
  private pq: LibpqConnection;
  private savepoints = 0;
  private open = true;
  /** The connection broke (the server restarted, a network cut, pg_terminate_backend): the next use reconnects. */
  private lost = false;
  /** Transactions open through transaction() (outer and savepoints): no reconnect inside one. */
  private depth = 0;

  constructor(private readonly conninfo: string) {
    this.pq = new (loadLibpq())();
    this.pq.connectSync(conninfo);
  }

  get inTransaction(): boolean {
    const status = this.pq.transactionStatus();
    return status === 1 || status === 2 || status === 3;
  }

  get isOpen(): boolean {
    return this.open;
  }

  prepare(sql: string): SyncStatement {
    return new SyncStatement(this, sql);
  }

  /** Runs one or more statements without parameters (PostgreSQL's simple query protocol). */
  exec(sql: string): this {
    this.reconnectIfLost();
    this.pq.exec(sql);
    this.check(sql);
    return this;
  }

  /**
   * better-sqlite3's transaction(): a function that runs `fn` between BEGIN and COMMIT (ROLLBACK when
   * it throws), and inside another transaction between a SAVEPOINT and its RELEASE. `.immediate` and
   * `.exclusive` are the same on PostgreSQL, whose writers take row locks as they go.
   */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): TransactionFunction<A, R> {
    const run = (...args: A): R => this.inTransactionDo(() => fn(...args));
    return Object.assign(run, { deferred: run, immediate: run, exclusive: run });
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.pq.finish();
  }

  /** @internal: runs a statement and returns the connection, whose current result holds its answer. */
  execute(text: string, params: (string | null)[]): LibpqConnection {
    this.reconnectIfLost();
    if (text.startsWith(PLAN_EACH_RUN)) {
      // Unnamed: parsed and planned again at each run, with its values (sql-dialect.ts).
      this.pq.execParams(text, params);
      this.check(text);
      return this.pq;
    }
    let name = this.prepared.get(text);
    if (name === undefined) {
      name = `loupe_${this.prepared.size + 1}`;
      this.pq.prepare(name, text, params.length);
      this.check(text);
      this.prepared.set(text, name);
    }
    this.pq.execPrepared(name, params);
    this.check(text);
    return this.pq;
  }

  private check(sql: string): void {
    const status = this.pq.resultStatus();
    if (status === 'PGRES_COMMAND_OK' || status === 'PGRES_TUPLES_OK' || status === 'PGRES_EMPTY_QUERY') return;
    const message = this.pq.resultErrorMessage() || this.pq.errorMessage();
    // libpq's PQTRANS_UNKNOWN: the connection is bad. The statement may or may not have run (a
    // COMMIT whose answer was lost): the caller learns only that it failed, as 08006 when the
    // server said nothing (a cut) or with the server's own code (57P01 for pg_terminate_backend).
    if (this.pq.transactionStatus() === PQTRANS_UNKNOWN) {
      this.lost = true;
      const fields = this.pq.resultErrorFields();
      throw new PostgresError(
        message.trim() || 'connection to PostgreSQL lost',
        {
          ...fields,
          sqlState: fields?.sqlState ?? CONNECTION_FAILURE,
        },
        sql,
      );
    }
    throw new PostgresError(message.trim(), this.pq.resultErrorFields(), sql);
  }

  /**
   * A new connection in place of a broken one, between transactions only: inside one, the
   * statements already sent died with the old connection, so the transaction has to fail. The new
   * connection prepares its statements again.
   */
  private reconnectIfLost(): void {
    if (!this.lost || this.depth > 0) return;
    if (!this.open) throw new Error('The PostgreSQL connection is closed');
    this.pq.finish();
    this.prepared.clear();
    this.savepoints = 0;
    this.pq = new (loadLibpq())();
    this.lost = false;
    try {
      this.pq.connectSync(this.conninfo);
    } catch (err) {
      // Still unreachable: the next statement tries again.
      this.lost = true;
      throw new PostgresError(
        `cannot reconnect to PostgreSQL: ${err instanceof Error ? err.message.trim() : String(err)}`,
        { sqlState: CONNECTION_FAILURE },
      );
    }
  }

  private inTransactionDo<R>(fn: () => R): R {
    const outer = !this.inTransaction;
    const savepoint = `loupe_sp_${this.savepoints + 1}`;
    if (outer) this.begin();
    else this.exec(`SAVEPOINT ${savepoint}`);
    if (!outer) this.savepoints += 1;
    this.depth += 1;
    let result: R;
    try {
      result = fn();
      if (result instanceof Promise) throw new TypeError('Transaction function cannot return a promise');
    } catch (err) {
      this.depth -= 1;
      if (outer) {
        if (this.inTransaction) this.exec('ROLLBACK');
      } else {
        this.savepoints -= 1;
        if (!this.lost) this.exec(`ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}`);
      }
      throw err;
    }
    this.depth -= 1;
    if (outer) this.exec('COMMIT');
    else {
      this.savepoints -= 1;
      this.exec(`RELEASE SAVEPOINT ${savepoint}`);
    }
    return result;
  }

  /**
   * BEGIN, again on a new connection when the server had dropped this one while it was idle (a
   * restart, an idle timeout, pg_terminate_backend): nothing of the transaction was sent yet, so
   * the request need not fail for it. A connection that breaks later fails its transaction.
   */
  private begin(): void {
    try {
      this.exec('BEGIN');
    } catch (err) {
      if (!this.lost) throw err;
      this.exec('BEGIN');
    }
  }
}

export type TransactionFunction<A extends unknown[], R> = ((...args: A) => R) & {
  deferred: (...args: A) => R;
  immediate: (...args: A) => R;
  exclusive: (...args: A) => R;
};

/** better-sqlite3's Statement on a SyncPostgres: same methods, same modes, same binding rules. */
export class SyncStatement {
  readonly source: string;
  private readonly text: string;
  private readonly sources: ParameterSource[];
  private mode: 'object' | 'pluck' | 'raw' = 'object';

  /** The connection it runs on (better-sqlite3's `statement.database`). */
  readonly database: SyncPostgres;

  constructor(db: SyncPostgres, sql: string) {
    this.database = db;
    this.source = sql;
    const translated = translatePlaceholders(toPostgresSql(sql));
    this.text = translated.text;
    this.sources = translated.sources;
  }

  /** Rows come back as their first column's value (better-sqlite3: `pluck(false)` turns it off). */
  pluck(toggle = true): this {
    this.mode = toggle ? 'pluck' : this.mode === 'pluck' ? 'object' : this.mode;
    return this;
  }

  /** Rows come back as arrays of values in column order. */
  raw(toggle = true): this {
    this.mode = toggle ? 'raw' : this.mode === 'raw' ? 'object' : this.mode;
    return this;
  }

  run(...args: unknown[]): RunResult {
    const pq = this.database.execute(this.text, this.bind(args));
    return { changes: Number(pq.cmdTuples()) || 0, lastInsertRowid: 0 };
  }

  get(...args: unknown[]): unknown {
    const pq = this.database.execute(this.text, this.bind(args));
    return pq.ntuples() === 0 ? undefined : this.row(pq, 0, this.columns(pq));
  }

  all(...args: unknown[]): unknown[] {
    const pq = this.database.execute(this.text, this.bind(args));
    const columns = this.columns(pq);
    const rows: unknown[] = new Array(pq.ntuples());
    for (let r = 0; r < rows.length; r++) rows[r] = this.row(pq, r, columns);
    return rows;
  }

  /** All rows are fetched first (libpq's synchronous API has no cursor); then yielded one by one. */
  *iterate(...args: unknown[]): IterableIterator<unknown> {
    yield* this.all(...args);
  }

  private columns(pq: LibpqConnection): { name: string; type: number }[] {
    const n = this.mode === 'pluck' ? Math.min(1, pq.nfields()) : pq.nfields();
    const columns = new Array<{ name: string; type: number }>(n);
    for (let c = 0; c < n; c++) columns[c] = { name: pq.fname(c), type: pq.ftype(c) };
    return columns;
  }

  private row(pq: LibpqConnection, r: number, columns: { name: string; type: number }[]): unknown {
    const value = (c: number) => {
      const col = columns[c] as { type: number };
      return pq.getisnull(r, c) ? null : decodeValue(col.type, pq.getvalue(r, c));
    };
    if (this.mode === 'pluck') return value(0);
    if (this.mode === 'raw') return columns.map((_, c) => value(c));
    const row: Row = {};
    for (let c = 0; c < columns.length; c++) row[(columns[c] as { name: string }).name] = value(c);
    return row;
  }

  /**
   * better-sqlite3's binding: arguments in order, an array spread in place, and one plain object
   * whose keys name the `@name`/`:name` parameters.
   */
  private bind(args: unknown[]): (string | null)[] {
    const positional: unknown[] = [];
    let named: Record<string, unknown> | undefined;
    for (const arg of args) {
      if (Array.isArray(arg)) positional.push(...arg);
      else if (arg !== null && typeof arg === 'object' && !(arg instanceof Uint8Array)) {
        named = arg as Record<string, unknown>;
      } else positional.push(arg);
    }
    return this.sources.map((source) => {
      if (typeof source === 'number') {
        if (source >= positional.length)
          throw new RangeError(`Too few parameter values were provided (${this.source})`);
        return encodeParameter(positional[source] as SqlValue);
      }
      if (named === undefined || !(source in named)) {
        throw new RangeError(`Missing named parameter "${source}" (${this.source})`);
      }
      return encodeParameter(named[source] as SqlValue);
    });
  }
}
