// Builds the widget (run by `npm run build -w @loupe/widget` and the root `npm run build`):
//   dist/widget.js              the loader, an IIFE for <script async src=…/widget.js data-key=…>
//   dist/chunks/vitals-<hash>.js the lazily imported Web Vitals chunk (ESM), immutable by its hash
//   dist/dev/…                  the same, unminified, with the dev-only console warnings kept
//   dist/esm/…                  the ES module API (package "exports") for sites that bundle us
//   dist/sizes.json             raw and gzip bytes of every production file (size budget test)
//   dist/meta.json              esbuild's metafile of the production loader and chunk
import * as esbuild from 'esbuild';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const src = (file) => join(root, 'src', file);

const common = {
  bundle: true,
  // Every browser with fetch keepalive, sendBeacon, PerformanceObserver and dynamic import().
  target: ['es2020', 'chrome80', 'firefox78', 'safari15'],
  platform: 'browser',
  legalComments: 'none',
  // Private members never cross the wire: shorten them (house style rule 9).
  mangleProps: /^_/,
  logLevel: 'warning',
  metafile: true,
};

// web-vitals has no teardown API: inside the vitals chunk only, its globals resolve to recording
// versions (src/vitals/tracked-globals.ts) so destroy() can remove everything it added.
const vitalsGlobals = {
  inject: [src('vitals/tracked-globals.ts')],
  define: { 'globalThis.requestIdleCallback': 'trackedRequestIdleCallback' },
};

async function buildFlavour(outdir, dev) {
  const flags = { __DEV__: String(dev) };
  const chunk = await esbuild.build({
    ...common,
    ...vitalsGlobals,
    define: { ...vitalsGlobals.define, ...flags },
    entryPoints: { vitals: src('vitals/vitals-chunk.ts') },
    entryNames: 'chunks/[name]-[hash]',
    format: 'esm',
    minify: !dev,
    outdir,
  });
  const chunkFile = Object.keys(chunk.metafile.outputs).find((f) => f.endsWith('.js'));
  const chunkPath = relative(outdir, join(root, chunkFile)).split('\\').join('/');
  // The prompt UI: Preact lives only here. utf8 keeps the Thai/Vietnamese/Arabic strings at their
  // UTF-8 size instead of six-byte \u escapes.
  const prompt = await esbuild.build({
    ...common,
    define: flags,
    entryPoints: { prompt: src('ui/prompt-chunk.tsx') },
    entryNames: 'chunks/[name]-[hash]',
    format: 'esm',
    charset: 'utf8',
    minify: !dev,
    outdir,
  });
  const promptFile = Object.keys(prompt.metafile.outputs).find((f) => f.endsWith('.js'));
  const promptPath = relative(outdir, join(root, promptFile)).split('\\').join('/');
  const loader = await esbuild.build({
    ...common,
    define: { ...flags, __VITALS_CHUNK__: JSON.stringify(chunkPath), __PROMPT_CHUNK__: JSON.stringify(promptPath) },
    entryPoints: [src('loader.ts')],
    format: 'iife',
    minify: !dev,
    outfile: join(outdir, 'widget.js'),
  });
  return { chunk, prompt, loader, chunkPath, promptPath };
}

async function buildEsm() {
  await esbuild.build({
    ...common,
    ...vitalsGlobals,
    define: { ...vitalsGlobals.define, __DEV__: 'false' },
    entryPoints: [src('index.ts')],
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    splitting: true,
    minify: true,
    outdir: join(dist, 'esm'),
  });
}

async function sizes(dir) {
  const out = {};
  for (const file of ['widget.js', ...(await readdir(join(dir, 'chunks'))).map((f) => `chunks/${f}`)]) {
    const bytes = await readFile(join(dir, file));
    out[file] = { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  }
  return out;
}

await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
const prod = await buildFlavour(dist, false);
await buildFlavour(join(dist, 'dev'), true);
await buildEsm();

const report = await sizes(dist);
await writeFile(join(dist, 'sizes.json'), `${JSON.stringify(report, null, 2)}\n`);
const meta = {
  loader: prod.loader.metafile,
  chunks: { vitals: prod.chunk.metafile, prompt: prod.prompt.metafile },
  vitalsChunk: prod.chunkPath,
  promptChunk: prod.promptPath,
};
await writeFile(join(dist, 'meta.json'), `${JSON.stringify(meta)}\n`);
for (const [file, { raw, gzip }] of Object.entries(report)) {
  console.log(`${file.padEnd(28)} ${String(raw).padStart(6)} B raw  ${String(gzip).padStart(5)} B gzip`);
}
