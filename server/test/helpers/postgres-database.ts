import pg from 'pg';
import { inject } from 'vitest';

// A fresh database on the Vitest run's one PostgreSQL server (postgres-template.ts starts it, once
// per project that lists it as a globalSetup). Test files run in parallel workers on that server:
// every name carries the worker's pid and a random suffix, and each test drops what it made (the
// server runs for the whole run, so its disk would otherwise grow with every app).

/** What the run's global setup (postgres-template.ts) provides: where its server is, and the template. */
export interface RunPostgres {
  /** The server's maintenance database URL. */
  adminUrl: string;
  /** The migrated database each `migrated` one is copied from. */
  template: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    loupePostgres: RunPostgres;
  }
}

export interface FreshDatabaseOptions {
  /**
   * `migrated` (the default): a copy of the run's migrated template (CREATE DATABASE … TEMPLATE, a
   * file copy: tens of milliseconds, where the migrations take hundreds). `empty`: no tables at all,
   * for a test of the migrations themselves.
   */
  schema?: 'migrated' | 'empty';
  /** Further CREATE DATABASE clauses of an `empty` database, e.g. its locale provider and locale. */
  clauses?: string;
}

export interface FreshDatabase {
  url: string;
  name: string;
  /** Drops the database, closing whatever connection a test left open on it. Safe to call twice. */
  drop(): Promise<void>;
}

let created = 0;

/** A new database on the run's PostgreSQL; see the file comment. */
export async function freshPostgresDatabase(options: FreshDatabaseOptions = {}): Promise<FreshDatabase> {
  const provided = inject('loupePostgres');
  if (provided === undefined) {
    // Never fall back to something else: the run would pass while testing nothing on PostgreSQL.
    throw new Error(
      "No PostgreSQL for this run: the test's Vitest project needs test/helpers/postgres-template.ts as a globalSetup",
    );
  }
  const { adminUrl, template } = provided;
  created += 1;
  const name = `loupe_t${process.pid}_${created}_${Math.random().toString(36).slice(2, 8)}`;
  const from =
    options.schema === 'empty'
      ? ` TEMPLATE template0 ${options.clauses ?? ''}`
      : ` TEMPLATE ${pg.escapeIdentifier(template)}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${pg.escapeIdentifier(name)}${from}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    url: url.toString(),
    name,
    // FORCE: a connection the app left open (a failed start) must not keep the database alive.
    drop: () => {
      dropped ??= adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      return dropped;
    },
  };
}

/** The databases one test file makes on the run's server, by the file's own names for them. */
export interface PostgresDatabases {
  /** A fresh database (`defaults`, then `options`), known afterwards as `label` when one is given. */
  create(label?: string, options?: FreshDatabaseOptions): Promise<FreshDatabase>;
  /** The database created as `label`; throws when there is none yet. */
  get(label: string): FreshDatabase;
  /** The URL of the database created as `label`. */
  urlOf(label: string): string;
  /** Drops every database made here: the file's afterAll. */
  dropAll(): Promise<void>;
}

/**
 * Databases a test file makes on the run's PostgreSQL, all dropped by `dropAll()` (its afterAll):
 * for files that open several apps, or their own connections, on a database, or name several.
 */
export function postgresDatabases(defaults: FreshDatabaseOptions = {}): PostgresDatabases {
  const made: FreshDatabase[] = [];
  const byLabel = new Map<string, FreshDatabase>();
  const get = (label: string) => {
    const database = byLabel.get(label);
    if (database === undefined) throw new Error(`no database "${label}" was created`);
    return database;
  };
  return {
    async create(label, options) {
      const database = await freshPostgresDatabase({ ...defaults, ...options });
      made.push(database);
      if (label !== undefined) byLabel.set(label, database);
      return database;
    },
    get,
    urlOf: (label) => get(label).url,
    async dropAll() {
      await Promise.all(made.map((d) => d.drop()));
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
