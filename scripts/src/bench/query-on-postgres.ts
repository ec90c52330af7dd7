import Database from 'better-sqlite3';
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
  /** Rows copied, all tables (0 when serving a copy made before). */
  rows: number;
  close(): Promise<void>;
}

/**
 * Copies `dbPath` into a fresh PostgreSQL server and serves it with `config`'s settings; given
 * `copiedTo`, serves that database instead, a copy of `dbPath` made before (a local server: its
 * processes' CPU is read from /proc), and leaves it running.
 */
export async function openPostgresTwin(
  dbPath: string,
  config: Config,
  copiedTo?: { url: string; siteId: string },
): Promise<PostgresTwin> {
  if (copiedTo) {
    const twin = await serve(copiedTo.url, config, 0, async () => {});
    // The bench gave the SQLite file's site a new secret key after that copy was made: the same here,
    // with its time, so that migrate-data run again after the bench still finds the copy equal.
    const file = new Database(dbPath, { readonly: true });
    const site = file.prepare('SELECT secret_hash, secret_rotated_at FROM sites WHERE id = ?').get(copiedTo.siteId) as {
      secret_hash: string;
      secret_rotated_at: number | null;
    };
    file.close();
    twin.app.db.$client
      .prepare('UPDATE sites SET secret_hash = ?, secret_rotated_at = ? WHERE id = ?')
      .run(site.secret_hash, site.secret_rotated_at, copiedTo.siteId);
    return twin;
  }
  const server = await startPostgres({ database: 'bench_query' });
  try {
    const copied = await copySqliteToPostgres({ from: dbPath, to: server.url });
    if (copied.mismatches.length > 0)
      throw new Error(`the copy differs: ${copied.mismatches.map((d) => d.table).join(', ')}`);
    return await serve(server.url, config, copied.rows, () => server.stop());
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function serve(url: string, config: Config, rows: number, stop: () => Promise<void>): Promise<PostgresTwin> {
  const app = await buildApp({
    config: { ...config, database: { kind: 'postgres', url, poolSize: 1 } },
    logger: false,
  });
  await app.ready();
  return {
    app,
    cpu: await postgresCpuOf(url),
    rows,
    async close() {
      await app.close();
      await stop();
    },
  };
}

/** Whether PostgreSQL serves this URL's route yet (others answer 501 not_on_postgres there). */
export function servedOnPostgres(url: string): boolean {
  const path = url.split('?')[0]!.split('/');
  // Routes are listed as registered: `/v1/funnels/saved/:funnelId` stands for any id.
  return [...POSTGRES_ROUTES].some((route) => {
    const [method, pattern = ''] = route.split(' ');
    const parts = pattern.split('/');
    return (
      method === 'GET' && parts.length === path.length && parts.every((p, i) => p.startsWith(':') || p === path[i])
    );
  });
}
