import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildWhenStale, buildWorkspace, repoRoot } from '@loupe/scripts/testing';
import type { TestProject } from 'vitest/node';
import { seedDashboardDatabase } from './browser/support/seeded-database.js';

const dashboard = path.join(repoRoot, 'dashboard');
const inRoot = (p: string) => path.join(repoRoot, p);

/**
 * The size test reads dashboard/dist and the browser tests load it from the real built server:
 * (re)build what is missing or older than its sources, so `vitest run` alone works. Then seeds,
 * in the background, the database the browser tests copy (support/seeded-database.ts says why).
 */
export default function setup(project: TestProject): () => Promise<void> {
  buildWhenStale(
    inRoot('dashboard/dist/sizes.json'),
    ['dashboard/src', 'dashboard/build.mjs', 'dashboard/build-graph.mjs', 'shared/src'].map(inRoot),
    () => execFileSync(process.execPath, ['build.mjs'], { cwd: dashboard, stdio: 'inherit' }),
  );
  buildWhenStale(inRoot('server/dist/main.js'), [inRoot('server/src')], () => buildWorkspace('@loupe/server'));
  buildWhenStale(inRoot('widget/dist/widget.js'), [], () => buildWorkspace('@loupe/widget'));
  const seeded = mkdtempSync(path.join(os.tmpdir(), 'loupe-dashboard-seed-'));
  project.provide('seededDashboardDir', seeded);
  const seeding = seedDashboardDatabase(seeded);
  return async () => {
    await seeding;
    rmSync(seeded, { recursive: true, force: true });
  };
}
