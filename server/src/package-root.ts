import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The server package's folder, found by walking up from this module. The same code runs from
 * `src/` under tsx/vitest and bundled from `dist/`, so a fixed relative path would be wrong in one.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'drizzle')) || !existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the server package root (drizzle/ folder)');
    dir = parent;
  }
  cached = dir;
  return dir;
}
