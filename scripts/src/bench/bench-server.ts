import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, createSite, loadConfig } from '@loupe/server';

/** What the server process tells the benchmark once it listens. */
export interface BenchServerInfo {
  url: string;
  key: string;
}

export const EMPTY_ROUTE = '/bench/empty';

/**
 * The real app (same config parsing, plugins and durable writer as production) plus an empty
 * POST route, the baseline: it pays Fastify's routing, JSON body parsing and reply, nothing else.
 */
export async function serveForBench(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-'));
  const config = loadConfig({
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    LOUPE_DB: path.join(dir, 'bench.db'),
    LOUPE_LOG_LEVEL: 'silent',
    LOUPE_SEED_DEMO: '0',
    // One client IP and one key send everything: the limiter must count, never refuse.
    LOUPE_RATE_LIMIT_MAX: '1000000',
  });
  const app = await buildApp({ config, logger: false });
  app.post(EMPTY_ROUTE, async () => ({ ok: true }));
  await app.ready();
  const { publicKey } = createSite(app.db, { name: 'Bench', origins: [] });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const info: BenchServerInfo = { url, key: publicKey };
  process.send!(info);
  process.on('disconnect', () => {
    void app.close().finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
}
