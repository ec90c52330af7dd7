import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer } from '@loupe/scripts/testing';

// Deploys: a page still running the previous build's loader (cached up to 5 minutes) imports that
// build's chunks. A build keeps them in dist/chunks, and the server serves them like any chunk.

const widget = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HOUR = 60 * 60 * 1000;
/** How long a build keeps a chunk it no longer makes (chunk-history.mjs). */
const DAY = 24 * HOUR;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

type History = Record<string, { built: number; retired?: number }>;

/** A dist/ as an earlier build left it: these chunk files (with .gz and .br) and their history. */
function earlierBuild(chunks: History): string {
  const dist = mkdtempSync(path.join(os.tmpdir(), 'loupe-chunks-'));
  dirs.push(dist);
  mkdirSync(path.join(dist, 'chunks'));
  for (const name of Object.keys(chunks)) {
    const code = `export const build = ${JSON.stringify(name)};\n`;
    writeFileSync(path.join(dist, 'chunks', name), code);
    writeFileSync(path.join(dist, 'chunks', `${name}.gz`), gzipSync(code));
    writeFileSync(path.join(dist, 'chunks', `${name}.br`), brotliCompressSync(code));
  }
  const history = Object.fromEntries(Object.entries(chunks).map(([name, h]) => [`chunks/${name}`, h]));
  writeFileSync(path.join(dist, 'chunk-history.json'), JSON.stringify(history));
  return dist;
}

// Without dist/types: what is tested here is the chunks, and the declarations took half of each build
// (`npm run build` makes them, and test/build/package.test.ts reads them).
const build = (dist: string) =>
  promisify(execFile)(process.execPath, ['build.mjs', '--outdir', dist, '--no-types'], { cwd: widget });
const has = (dist: string, name: string) =>
  ['', '.gz', '.br'].every((v) => existsSync(path.join(dist, 'chunks', name + v)));
const json = (dist: string, file: string) =>
  JSON.parse(readFileSync(path.join(dist, file), 'utf8')) as Record<string, unknown>;

describe('a new build keeps the chunks a cached loader of an earlier build asks for', () => {
  it('keeps the previous build’s chunks and those retired within a day, drops older ones; the server serves the kept ones', {
    timeout: 120_000,
  }, async () => {
    const now = Date.now();
    const dist = earlierBuild({
      'why-PREVIOUS.js': { built: now - HOUR }, // made by the previous build
      'prompt-EARLIER1.js': { built: now - 3 * HOUR, retired: now - HOUR }, // retired by it
      'signals-ANCIENT1.js': { built: now - 3 * DAY, retired: now - DAY - HOUR },
    });
    await build(dist);
    const meta = json(dist, 'meta.json');
    // The prompt, why and rules chunks, and the message catalogues the prompt chunk imports.
    const current = [
      ...['prompt', 'why', 'rules'].map((c) => meta[`${c}Chunk`] as string),
      ...Object.values(meta.catalogueChunks as Record<string, string>),
    ];
    expect(current).toHaveLength(7);
    expect(has(dist, 'why-PREVIOUS.js')).toBe(true);
    expect(has(dist, 'prompt-EARLIER1.js')).toBe(true);
    expect(existsSync(path.join(dist, 'chunks', 'signals-ANCIENT1.js'))).toBe(false);
    // What this build made is what its size report and its history call current.
    expect(Object.keys(json(dist, 'sizes.json')).sort()).toEqual(['widget.js', ...current].sort());
    const history = json(dist, 'chunk-history.json') as History;
    expect(Object.keys(history).sort()).toEqual(
      [...current, 'chunks/prompt-EARLIER1.js', 'chunks/why-PREVIOUS.js'].sort(),
    );
    expect(history['chunks/why-PREVIOUS.js']).toEqual({ built: now - HOUR, retired: expect.any(Number) });
    expect(history['chunks/why-PREVIOUS.js']!.retired).toBeGreaterThanOrEqual(now);
    expect(history['chunks/prompt-EARLIER1.js']).toEqual({ built: now - 3 * HOUR, retired: now - HOUR });

    const server = await startTestServer({ env: { LOUPE_WIDGET_DIR: dist } });
    try {
      const kept = await fetch(`${server.url}/chunks/why-PREVIOUS.js`, { headers: { 'accept-encoding': 'gzip' } });
      expect(kept.status).toBe(200);
      expect(kept.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await kept.text()).toBe('export const build = "why-PREVIOUS.js";\n');
      expect((await fetch(`${server.url}/chunks/signals-ANCIENT1.js`)).status).toBe(404);
      expect((await fetch(`${server.url}/${current[0]}`)).status).toBe(200);
    } finally {
      await server.dispose();
    }
  });

  it('keeps the previous build’s chunks however long ago it ran, for a day from now (the next build may be deployed first)', {
    timeout: 120_000,
  }, async () => {
    const now = Date.now();
    const dist = earlierBuild({
      'why-PREVIOUS.js': { built: now - 3 * DAY },
      'why-EARLIER1.js': { built: now - 5 * DAY, retired: now - 3 * DAY },
    });
    await build(dist);
    expect(has(dist, 'why-PREVIOUS.js')).toBe(true);
    expect(existsSync(path.join(dist, 'chunks', 'why-EARLIER1.js'))).toBe(false);
    // Built again at once (the first of the two never deployed): still there.
    await build(dist);
    expect(has(dist, 'why-PREVIOUS.js')).toBe(true);
  });
});
