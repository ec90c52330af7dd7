// Source checkouts (tsx, vitest) start the writer thread here, and on PostgreSQL the writer
// process (started as a process, not a worker: no worker_threads parent); the built server (dist/)
// starts dist/writer-thread.js or dist/writer-process.js itself (threaded-commit-backend.ts picks).
//
// When the built file is newer than everything it is bundled from (the server's and
// shared's sources, the build script, the lockfile), it is this same code, compiled: it starts in
// ~0.25 s, where tsx takes ~1.2 s (its loader and the TypeScript graph, again in every thread), and
// the test suites start a thread per app. Otherwise (an edited source, no build): the TypeScript.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const at = (relative) => fileURLToPath(new URL(relative, import.meta.url));
const server = '../../../../';
const name = isMainThread ? 'writer-process' : 'writer-thread';

function newest(file) {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(file).map((name) => newest(`${file}/${name}`)));
}

function builtIsFresh() {
  try {
    const sources = [`${server}src`, `${server}build.mjs`, `${server}../shared/src`, `${server}../package-lock.json`];
    return statSync(at(`${server}dist/${name}.js`)).mtimeMs > Math.max(...sources.map((s) => newest(at(s))));
  } catch {
    return false; // no build, or a layout this check does not know: the sources are the truth
  }
}

if (builtIsFresh()) await import(new URL(`${server}dist/${name}.js`, import.meta.url).href);
else await tsImport(`./${name}.ts`, import.meta.url);
