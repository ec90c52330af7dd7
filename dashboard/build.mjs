// Builds the dashboard (run by `npm run build -w @loupe/dashboard`, the root `npm run build` and
// `npm start`):
//   dist/index.html                 the one HTML page of every /app/* path (names the hashed files)
//   dist/assets/boot-<hash>.js      runs first: starts the session check and the overview's figures
//   dist/assets/main-<hash>.js      the shell: router, session, site switcher, period and filters
//   dist/assets/<view>-<hash>.js    one chunk per view, imported when the view is opened
//   dist/assets/chunk-<hash>.js     code shared by several chunks (uPlot, the table components…)
//   dist/assets/app-<hash>.css      every style, uPlot's included (no inline style: strict CSP)
//   dist/assets/*.gz, *.br          precompressed copies (the server sends them)
//   dist/sizes.json                 raw, gzip and brotli bytes of every asset, and the overview's total
//   dist/meta.json                  esbuild's metafile (bytes per input module, the import graph)
// Every asset name carries a content hash, so the server caches them for a year; index.html is
// never cached and is the only file whose name stays.
import * as esbuild from 'esbuild';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { closure, OVERVIEW_ENTRY } from './build-graph.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
const VIEW_ENTRIES = {
  ...Object.fromEntries(
    [
      'overview',
      'scores',
      'responses',
      'pages',
      'errors',
      'clicks',
      'prompts',
      'prompt-editor',
      'settings',
      'users',
    ].map((v) => [v, `src/views/${v}/${v}-view.tsx`]),
  ),
  'new-site': 'src/views/settings/new-site-view.tsx',
};
/** Where the server mounts the app: chunk URLs and index.html's links are absolute under it. */
const BASE = '/app/';

await rm(dist, { recursive: true, force: true });
await mkdir(join(dist, 'assets'), { recursive: true });

const result = await esbuild.build({
  absWorkingDir: root,
  // The views are entries of their own so their chunks carry their names (overview-<hash>.js);
  // the shell still loads each with import() (src/router/views.ts).
  // boot starts the first screen's requests before main's code is evaluated (src/boot/boot.ts).
  entryPoints: { boot: 'src/boot/boot.ts', main: 'src/main.tsx', app: 'src/styles/app.css', ...VIEW_ENTRIES },
  outdir: join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  assetNames: '[name]-[hash]',
  publicPath: `${BASE}assets/`,
  bundle: true,
  splitting: true,
  format: 'esm',
  // Browsers with native ES modules, dynamic import(), optional chaining and CSS custom properties.
  // The colours need CSS light-dark() (src/styles/tokens.css: Chromium 123, Firefox 120, Safari
  // 17.5), which esbuild passes through as written at any target.
  target: ['es2020', 'chrome90', 'firefox90', 'safari15'],
  platform: 'browser',
  minify: true,
  // Messages include Thai and Vietnamese later: keep them UTF-8, not \u escapes.
  charset: 'utf8',
  legalComments: 'none',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  metafile: true,
  logLevel: 'warning',
  loader: { '.svg': 'file' },
});

const outputs = Object.keys(result.metafile.outputs).map((p) => p.slice('dist/assets/'.length));
const find = (predicate, what) => {
  const hit = Object.entries(result.metafile.outputs).find(([file, o]) => predicate(file, o));
  if (!hit) throw new Error(`build: no output for ${what}`);
  return hit[0].slice('dist/assets/'.length);
};
const mainJs = find((f, o) => o.entryPoint === 'src/main.tsx' && f.endsWith('.js'), 'src/main.tsx');
const bootJs = find((f, o) => o.entryPoint === 'src/boot/boot.ts' && f.endsWith('.js'), 'src/boot/boot.ts');
const appCss = find((f, o) => o.entryPoint === 'src/styles/app.css' && f.endsWith('.css'), 'src/styles/app.css');

// The shell's static imports and the overview's files are preloaded next to it, so the browser
// fetches them in parallel instead of one import level at a time. The overview is where the app
// opens (and the other views share most of its chunks).
const scripts = [`assets/${bootJs}`, `assets/${mainJs}`];
const preload = closure(result.metafile, [...scripts.map((f) => `dist/${f}`), OVERVIEW_ENTRY]).filter(
  (f) => !scripts.includes(f),
);
const template = await readFile(join(root, 'src/index.html'), 'utf8');
const html = template.replace('%STYLES%', `<link rel="stylesheet" href="${BASE}assets/${appCss}">`).replace(
  '%SCRIPTS%',
  [
    ...preload.map((f) => `<link rel="modulepreload" href="${BASE}${f}">`),
    // In this order: module scripts run in document order, boot first.
    ...scripts.map((f) => `<script type="module" src="${BASE}${f}"></script>`),
  ].join('\n    '),
);
await writeFile(join(dist, 'index.html'), html);
await writeFile(join(dist, 'favicon.svg'), await readFile(join(root, 'src/favicon.svg')));

// Precompressed copies and the size report.
const sizes = {};
for (const file of (await readdir(join(dist, 'assets'))).filter((f) => /\.(js|css|svg)$/.test(f))) {
  const bytes = await readFile(join(dist, 'assets', file));
  const gz = gzipSync(bytes, { level: 9 });
  const br = brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } });
  await writeFile(join(dist, 'assets', `${file}.gz`), gz);
  await writeFile(join(dist, 'assets', `${file}.br`), br);
  sizes[`assets/${file}`] = { raw: bytes.length, gzip: gz.length, brotli: br.length };
}
const overviewFiles = closure(result.metafile, [...scripts.map((f) => `dist/${f}`), OVERVIEW_ENTRY]);
const overview = {
  files: overviewFiles,
  gzip: overviewFiles.reduce((sum, f) => sum + sizes[f].gzip, 0),
  raw: overviewFiles.reduce((sum, f) => sum + sizes[f].raw, 0),
};
await writeFile(join(dist, 'sizes.json'), `${JSON.stringify({ files: sizes, overview }, null, 2)}\n`);
await writeFile(join(dist, 'meta.json'), `${JSON.stringify(result.metafile)}\n`);

for (const [file, { raw, gzip }] of Object.entries(sizes)) {
  console.log(`${file.padEnd(40)} ${String(raw).padStart(7)} B raw ${String(gzip).padStart(6)} B gzip`);
}
console.log(
  `overview needs ${overview.files.length} JS files: ${overview.gzip} B gzip (${overview.raw} B raw); ${outputs.length} outputs`,
);
