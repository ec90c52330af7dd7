import { afterAll, beforeAll } from 'vitest';
import { type FreshDatabase, type FreshDatabaseOptions, freshPostgresDatabase } from './postgres-database.js';
import { createTestApp, type TestApp } from './test-app.js';

export interface PostgresTestAppsOptions<N extends number> {
  /** How many apps serve from the database (default 1): two are two instances of the server. */
  apps?: N;
  /** The apps' environment (createTestApp's). */
  env?: Record<string, string>;
  /** The database's (freshPostgresDatabase's; default a copy of the migrated template). */
  database?: FreshDatabaseOptions;
  /** Runs once the database exists, before any app connects (database settings, say). */
  prepare?: (database: FreshDatabase) => Promise<void>;
  /** The beforeAll's timeout, ms (default 60 s). */
  timeout?: number;
}

/** N times T, so `const { apps: [a, b] } = postgresTestApps({ apps: 2 })` gives two TestApps. */
type Tuple<N extends number, T, R extends T[] = []> = R['length'] extends N ? R : Tuple<N, T, [...R, T]>;

/**
 * A test file's PostgreSQL database and the apps serving from it, made in a beforeAll and closed,
 * then dropped, in an afterAll. Call it at the top of the file or a describe, before that scope's
 * own hooks. What it returns reads through to the real ones, which exist only once the beforeAll
 * has run: destructure it at once, use it in the tests and later hooks.
 */
export function postgresTestApps<N extends number = 1>(
  options: PostgresTestAppsOptions<N> = {},
): { database: FreshDatabase; apps: Tuple<N, TestApp> } {
  const count = options.apps ?? 1;
  let database: FreshDatabase | undefined;
  const apps: TestApp[] = [];
  const made = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('postgresTestApps: used before its beforeAll ran');
    return value;
  };
  beforeAll(async () => {
    database = await freshPostgresDatabase(options.database);
    await options.prepare?.(database);
    for (let i = 0; i < count; i++) apps.push(await createTestApp(options.env, { postgresUrl: database.url }));
  }, options.timeout ?? 60_000);
  afterAll(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
  });
  return {
    database: {
      get url() {
        return made(database).url;
      },
      get name() {
        return made(database).name;
      },
      drop: () => made(database).drop(),
    },
    apps: Array.from(
      { length: count },
      (_, i): TestApp => ({
        get app() {
          return made(apps[i]).app;
        },
        get dbPath() {
          return made(apps[i]).dbPath;
        },
        close: () => made(apps[i]).close(),
      }),
    ) as Tuple<N, TestApp>,
  };
}
