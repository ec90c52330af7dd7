import { type App, buildApp, type Config, copySqliteToPostgres, POSTGRES_ROUTES } from '@loupe/server';
import { startPostgres } from '@loupe/server/testing/postgres';
import { postgresCpuOf, type PostgresCpu } from './postgres-cpu.js';

// `npm run bench:query -- --db postgres`: the seeded SQLite file copied into a throwaway PostgreSQL
// server with migrate-data's copy, and a second app served from it, so each route is timed on both
// databases in the same run, over the same rows.

export interface PostgresTwin {
  app: App;
  /** CPU µs the PostgreSQL server's processes used so far (the app's own is this process's). */
  cpu: PostgresCpu;
  rows: number;
  close(): Promise<void>;
}

/** Copies `dbPath` into a fresh PostgreSQL server and serves it with `config`'s settings. */
export async function openPostgresTwin(dbPath: string, config: Config): Promise<PostgresTwin> {
  const server = await startPostgres({ database: 'bench_query' });
  try {
    const copied = await copySqliteToPostgres({ from: dbPath, to: server.url });
    if (copied.mismatches.length > 0)
      throw new Error(`the copy differs: ${copied.mismatches.map((d) => d.table).join(', ')}`);
    const app = await buildApp({
      config: { ...config, database: { kind: 'postgres', url: server.url, poolSize: 1 } },
      logger: false,
    });
    await app.ready();
    return {
      app,
      cpu: await postgresCpuOf(server.url),
      rows: copied.rows,
      async close() {
        await app.close();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Whether PostgreSQL serves this URL's route yet (others answer 501 not_on_postgres there). */
export function servedOnPostgres(url: string): boolean {
  return POSTGRES_ROUTES.has(`GET ${url.split('?')[0]}`);
}
