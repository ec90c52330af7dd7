import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dashboard = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.join(dashboard, '..');

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * The size test reads dashboard/dist and the browser tests load it from the real built server:
 * (re)build what is missing or older than its sources, so `vitest run` alone works.
 */
export default function setup(): void {
  const stamp = path.join(dashboard, 'dist/sizes.json');
  const sources = Math.max(
    newest(path.join(dashboard, 'src')),
    statSync(path.join(dashboard, 'build.mjs')).mtimeMs,
    statSync(path.join(dashboard, 'build-graph.mjs')).mtimeMs,
    newest(path.join(root, 'shared/src')),
  );
  if (!existsSync(stamp) || statSync(stamp).mtimeMs < sources) {
    execFileSync(process.execPath, ['build.mjs'], { cwd: dashboard, stdio: 'inherit' });
  }
  const server = path.join(root, 'server/dist/main.js');
  if (!existsSync(server) || statSync(server).mtimeMs < newest(path.join(root, 'server/src'))) {
    execFileSync('npm', ['run', 'build', '--workspace', '@loupe/server'], { cwd: root, stdio: 'inherit' });
  }
  if (!existsSync(path.join(root, 'widget/dist/widget.js'))) {
    execFileSync('npm', ['run', 'build', '--workspace', '@loupe/widget'], { cwd: root, stdio: 'inherit' });
  }
}
