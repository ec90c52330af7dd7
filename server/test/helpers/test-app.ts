import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type App, type BuildAppOptions } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';

export interface TestApp {
  app: App;
  dbPath: string;
  close(): Promise<void>;
}

/** A fresh app on a fresh temporary database, driven with inject(); never listens. */
export async function createTestApp(
  env: Record<string, string> = {},
  options: Omit<BuildAppOptions, 'config' | 'logger'> & {
    /** Serve from this PostgreSQL database instead of the temporary SQLite file. */
    postgresUrl?: string;
  } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-app-'));
  const dbPath = path.join(dir, 'loupe.db');
  const { postgresUrl, ...buildOptions } = options;
  const loaded = loadConfig({
    LOUPE_DB: dbPath,
    LOUPE_ADMIN_TOKEN: 'test-admin-token-0123456789',
    ...env,
  });
  const config: Config =
    postgresUrl === undefined ? loaded : { ...loaded, database: { kind: 'postgres', url: postgresUrl, poolSize: 1 } };
  const app = await buildApp({ config, logger: false, ...buildOptions });
  await app.ready();
  return {
    app,
    dbPath,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
