import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { SiteWithSecret } from '@loupe/shared';
import { repoRoot, startTestServer } from '@loupe/scripts/testing';
import { inject } from 'vitest';

const run = promisify(execFile);

export const OWNER = { email: 'owner@shop.example', password: 'correct horse battery' };

/** The server's environment for the owner who logs in through the form: the first start creates them. */
export const ownerEnv = { LOUPE_OWNER_EMAIL: OWNER.email, LOUPE_OWNER_PASSWORD: OWNER.password };

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder where the global setup seeds the database the browser tests copy. */
    seededDashboardDir: string;
  }
}

const DB = 'loupe.db';
const READY = 'site.json';
const FAILED = 'failed.txt';

/** The database file, and its write-ahead log if a checkpoint left one: no process has them open. */
async function copyDatabase(from: string, to: string): Promise<void> {
  for (const f of [DB, `${DB}-wal`]) {
    if (existsSync(path.join(from, f))) await copyFile(path.join(from, f), path.join(to, f));
  }
}

/**
 * Seeding sixty days of a shop (`npm run seed`, 30 000 events) took 10–20 s of a loaded CI core, and
 * eight browser files each did it for an identical database. The global setup now seeds it once, in
 * the background so that the files that need no seed start at once, into `dir`; each file copies it
 * (writes stay its own) and waits for it only when it needs it. Resolves when done; never rejects:
 * a failure is written for the files waiting to report.
 */
export async function seedDashboardDatabase(dir: string): Promise<void> {
  try {
    const server = await startTestServer({ env: ownerEnv });
    try {
      const site = await server.createSite({ name: 'Seed shop', origins: ['https://shop.example'] });
      await run(
        process.execPath,
        [
          '--import',
          'tsx',
          'scripts/src/seed.ts',
          ...['--site', site.siteId, '--db', server.dbPath],
          ...['--responses', '1500', '--events', '30000', '--days', '60'],
        ],
        { cwd: repoRoot },
      );
      // SIGTERM: the server closes the database, so its last writes are in the main file.
      await server.stop();
      await copyDatabase(path.dirname(server.dbPath), dir);
      await writeFile(path.join(dir, READY), JSON.stringify(site));
    } finally {
      await server.dispose();
    }
  } catch (err) {
    await writeFile(path.join(dir, FAILED), String((err as Error).stack ?? err));
  }
}

/**
 * A copy of the seeded database in a fresh temporary folder (its server's to change), with the site
 * the seed filled. Waits for the global setup's seed to finish.
 */
export async function copySeededDatabase(): Promise<{ dbPath: string; site: SiteWithSecret; remove(): Promise<void> }> {
  const from = inject('seededDashboardDir');
  if (!from) throw new Error('no seeded database: run the dashboard tests with dashboard/vitest.config.ts');
  const deadline = Date.now() + 110_000;
  while (!existsSync(path.join(from, READY))) {
    if (existsSync(path.join(from, FAILED)))
      throw new Error(`seeding failed:\n${await readFile(path.join(from, FAILED), 'utf8')}`);
    if (Date.now() > deadline) throw new Error('the seeded database was not ready within 110 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const site = JSON.parse(await readFile(path.join(from, READY), 'utf8')) as SiteWithSecret;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-dashboard-'));
  await copyDatabase(from, dir);
  return { dbPath: path.join(dir, DB), site, remove: () => rm(dir, { recursive: true, force: true }) };
}
