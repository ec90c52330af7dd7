import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const widget = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.join(widget, '..');

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * The size and bundle tests read widget/dist, and the browser tests load widget.js from the real
 * built server: (re)build what is missing or older than its sources, so `vitest run` alone works.
 */
export default function setup(): void {
  const stamp = path.join(widget, 'dist/sizes.json');
  const sources = Math.max(
    newest(path.join(widget, 'src')),
    statSync(path.join(widget, 'build.mjs')).mtimeMs,
    statSync(path.join(widget, 'chunk-history.mjs')).mtimeMs,
    statSync(path.join(widget, 'tsconfig.types.json')).mtimeMs,
    newest(path.join(root, 'shared/src')),
  );
  if (!existsSync(stamp) || statSync(stamp).mtimeMs < sources) {
    execFileSync(process.execPath, ['build.mjs'], { cwd: widget, stdio: 'inherit' });
  }
  if (!existsSync(path.join(root, 'server/dist/main.js'))) {
    execFileSync('npm', ['run', 'build', '--workspace', '@loupe/server'], { cwd: root, stdio: 'inherit' });
  }
}
