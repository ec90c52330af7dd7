import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repo-root.js';

/** The newest modification time among the files given and every file below the folders given. */
export function newestChange(paths: string[]): number {
  let newest = 0;
  for (const p of paths) {
    const stat = statSync(p);
    if (!stat.isDirectory()) newest = Math.max(newest, stat.mtimeMs);
    else {
      const children = readdirSync(p).map((name) => path.join(p, name));
      newest = Math.max(newest, newestChange(children));
    }
  }
  return newest;
}

/**
 * Runs `build` when `output` (the file a build writes last) is missing or older than any of
 * `sources` (none: only when missing). The browser and size tests' global setups call it, so
 * `vitest run` alone tests what the sources say, and a build already current costs nothing.
 */
export function buildWhenStale(output: string, sources: string[], build: () => void): void {
  if (!existsSync(output) || statSync(output).mtimeMs < newestChange(sources)) build();
}

/** `npm run build` of one workspace (`@loupe/server`…), its output on the test's console. */
export function buildWorkspace(workspace: string): void {
  execFileSync('npm', ['run', 'build', '--workspace', workspace], { cwd: repoRoot, stdio: 'inherit' });
}
