import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { buildWhenStale, buildWorkspace, repoRoot } from '@loupe/scripts/testing';

const widget = path.join(repoRoot, 'widget');
const inRoot = (p: string) => path.join(repoRoot, p);

/**
 * The size and bundle tests read widget/dist, and the browser tests load widget.js from the real
 * built server: (re)build what is missing or older than its sources, so `vitest run` alone works.
 */
export default function setup(): void {
  buildWhenStale(
    inRoot('widget/dist/sizes.json'),
    ['widget/src', 'widget/build.mjs', 'widget/chunk-history.mjs', 'widget/tsconfig.types.json', 'shared/src'].map(
      inRoot,
    ),
    () => execFileSync(process.execPath, ['build.mjs'], { cwd: widget, stdio: 'inherit' }),
  );
  buildWhenStale(inRoot('server/dist/main.js'), [], () => buildWorkspace('@loupe/server'));
}
