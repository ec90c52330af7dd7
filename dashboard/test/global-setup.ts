import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { buildWhenStale, buildWorkspace, repoRoot } from '@loupe/scripts/testing';

const dashboard = path.join(repoRoot, 'dashboard');
const inRoot = (p: string) => path.join(repoRoot, p);

/**
 * The size test reads dashboard/dist and the browser tests load it from the real built server:
 * (re)build what is missing or older than its sources, so `vitest run` alone works.
 */
export default function setup(): void {
  buildWhenStale(
    inRoot('dashboard/dist/sizes.json'),
    ['dashboard/src', 'dashboard/build.mjs', 'dashboard/build-graph.mjs', 'shared/src'].map(inRoot),
    () => execFileSync(process.execPath, ['build.mjs'], { cwd: dashboard, stdio: 'inherit' }),
  );
  buildWhenStale(inRoot('server/dist/main.js'), [inRoot('server/src')], () => buildWorkspace('@loupe/server'));
  buildWhenStale(inRoot('widget/dist/widget.js'), [], () => buildWorkspace('@loupe/widget'));
}
