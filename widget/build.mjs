// Builds the widget (run by `npm run build -w @loupe/widget` and the root `npm run build`):
//   dist/widget.js              the loader, an IIFE for <script async src=…/widget.js data-key=…>,
//                                with what every page needs right after start (src/startup-parts.ts):
//                                the scrubber every event passes, clicks, rage/dead/error clicks,
//                                error capture, engagement, and the Web Vitals code (run after `load`)
//   dist/chunks/prompt-<hash>.js the prompt UI, imported when a prompt is about to show
//   dist/chunks/rules-<hash>.js  prompt eligibility, imported when the site's config lists an
//                                active prompt (a site without prompts never downloads it)
//   dist/chunks/why-<hash>.js    the sentences of loupe('why'), imported when someone asks
//   dist/chunks/messages-<hash>-<lang>.js  a message catalogue but English's, imported by the
//                                prompt chunk when a prompt is shown in that language
//   dist/preview/prompt.html, prompt.js  the studio's live preview of a prompt (the real prompt chunk)
//   dist/link/page.js, page.css the link surveys' hosted page script (the real prompt chunk), /s/<promptId>
//   dist/dev/…                  the same, unminified, with the dev-only console warnings kept
//   dist/esm/…                  the ES module API (package "exports") for sites that bundle us
//   dist/types/…                its type declarations: only what src/index.ts exports, self-contained
//   dist/**/*.js.map            source maps: the production files name theirs in the server's SourceMap
//                               header (not a comment: the budgets are bytes), the dev files by comment
//   dist/**/*.js.gz, *.js.br    precompressed copies of the production files (the server sends them)
//   dist/sizes.json             raw, gzip and brotli bytes of every production file (budget test)
//   dist/meta.json              esbuild's metafiles of the production loader and chunks
//   dist/chunk-history.json     when each chunk was built and retired: earlier builds' chunks stay
//                               in dist/chunks a day after they were retired (chunk-history.mjs)
//
// `node build.mjs --outdir <dir>` builds into another folder than dist/. `--no-types` leaves out
// dist/types (tsc, half the build's time): for tests that build again and again only to look at
// the chunks (test/build/chunk-retention.test.ts); `npm run build` always writes them.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { gzipAsync as zopfliGzip } from '@gfx/zopfli';
import { minify } from 'terser';
import { keepPreviousChunks, readPreviousChunks } from './chunk-history.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const outdir = process.argv.indexOf('--outdir');
const dist = outdir > 0 ? resolve(process.argv[outdir + 1]) : join(root, 'dist');
const types = !process.argv.includes('--no-types');
const src = (file) => join(root, 'src', file);

/**
 * `import css from './x.css'` gives the stylesheet as a minified string (for the prompt's shadow
 * root): the source stays readable, the bytes shipped are esbuild's minified CSS.
 */
const cssAsText = {
  name: 'css-as-text',
  setup(b) {
    b.onLoad({ filter: /\.css$/ }, async (args) => {
      const { code } = await esbuild.transform(await readFile(args.path, 'utf8'), {
        loader: 'css',
        minify: true,
        // The prompt's browsers (`common.target`): no syntax they would not read.
        target: ['chrome80', 'firefox78', 'safari15'],
      });
      // esbuild keeps the spaces inside custom property values (`--a: var(--b, 1px)`) and around
      // the slash of `font: 15px / 1.4`; this stylesheet has no strings whose commas, colons or
      // slashes a space would matter to.
      const css = code
        .trim()
        .replace(/(--[\w-]+):\s+/g, '$1:')
        .replace(/,\s+/g, ',')
        .replace(/ \/ /g, '/');
      return { contents: `export default ${JSON.stringify(css)};`, loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  // Every browser with fetch keepalive, sendBeacon, PerformanceObserver and dynamic import().
  target: ['chrome80', 'firefox78', 'safari15'],
  platform: 'browser',
  legalComments: 'none',
  // Private members never cross the wire: shorten them (docs/contributing.md, The widget).
  mangleProps: /^_/,
  logLevel: 'warning',
  metafile: true,
  plugins: [cssAsText],
};

/**
 * The message catalogues but English's (src/i18n/<lang>.ts): each is a chunk of its own, which
 * the prompt chunk imports by its hashed name when a prompt is shown in that language
 * (src/i18n/messages-for.ts), so a visitor downloads one language's strings, not all of them.
 */
const catalogueLanguages = (await readdir(src('i18n')))
  .map((f) => f.match(/^([a-z]{2,3})\.ts$/)?.[1])
  .filter((lang) => lang && lang !== 'en');

/** Resolves messages-for.ts's `import('./th.js')` to the built catalogue chunk beside the prompt chunk. */
const catalogueChunks = (paths) => ({
  name: 'catalogue-chunks',
  setup(b) {
    b.onResolve({ filter: /^\.\/[a-z]{2,3}\.js$/ }, (args) => {
      const path = paths[args.path.slice(2, -3)];
      if (!path || !args.importer.endsWith('messages-for.ts')) return undefined;
      return { path: `./${path.slice('chunks/'.length)}`, external: true };
    });
  },
});

/** The chunk's path relative to the loader (the loader imports it relative to its own URL). */
const outPath = (result, outdir) =>
  relative(
    outdir,
    join(
      root,
      Object.keys(result.metafile.outputs).find((f) => f.endsWith('.js')),
    ),
  )
    .split('\\')
    .join('/');

async function buildFlavour(outdir, dev) {
  const flags = { __DEV__: String(dev) };
  // One renaming of `_` members across the loader and its chunks (built one after another), so
  // objects that cross between them (Core, the scopes, the chunk contracts) may use mangled
  // names too: each build reuses the names before it and adds its own.
  let mangleCache = {};
  const build = async (options) => {
    const result = await esbuild.build({ ...options, mangleCache });
    mangleCache = result.mangleCache;
    return result;
  };
  /** A lazily imported chunk: ESM, named and content-hashed under chunks/; returns its path. */
  const buildChunk = async (name, entry, extra = {}) => {
    const result = await build({
      ...common,
      define: flags,
      ...extra,
      entryPoints: { [name]: src(entry) },
      entryNames: 'chunks/[name]-[hash]',
      format: 'esm',
      minify: !dev,
      // Production: the map only (squeeze maps it through terser's pass). Dev: linked by comment.
      sourcemap: dev ? 'linked' : 'external',
      outdir,
    });
    return { result, path: outPath(result, outdir) };
  };
  const loaderOptions = (chunks) => ({
    ...common,
    define: {
      ...flags,
      __PROMPT_CHUNK__: JSON.stringify(chunks.prompt),
      __WHY_CHUNK__: JSON.stringify(chunks.why),
      __RULES_CHUNK__: JSON.stringify(chunks.rules),
    },
    // With what every page needs right after start (src/startup-parts.ts): the scrubber, the
    // signals, and the Web Vitals code.
    entryPoints: [src('loader.ts')],
    format: 'iife',
    minify: !dev,
    sourcemap: dev ? 'linked' : 'external',
    outfile: join(outdir, 'widget.js'),
  });
  // The loader names the chunks by their content hashes, so it is built after them; but every
  // page downloads it, so it chooses the short names first: a first build of it, written
  // nowhere, fills the renaming before the chunks add theirs (which only the chunks' own
  // members then get, the names shared with the loader already being set).
  await build({ ...loaderOptions({ prompt: '', why: '', rules: '' }), write: false });
  // The prompt UI. utf8 keeps the Thai/Vietnamese/Arabic strings at their
  // UTF-8 size instead of six-byte \u escapes.
  // The catalogues share one content hash (of them all): the prompt chunk, which names each,
  // then repeats one string instead of carrying one hash per language (−31 B gzip).
  const buildCatalogues = (entryNames, write) =>
    build({
      ...common,
      define: flags,
      charset: 'utf8',
      entryPoints: Object.fromEntries(catalogueLanguages.map((lang) => [lang, src(`i18n/${lang}.ts`)])),
      entryNames,
      format: 'esm',
      minify: !dev,
      sourcemap: dev ? 'linked' : 'external',
      outdir,
      write,
    });
  const probe = await buildCatalogues('chunks/messages-[name]', false);
  const hash = createHash('sha256');
  for (const file of probe.outputFiles) hash.update(file.contents);
  const catalogueHash = hash.digest('hex').slice(0, 8).toUpperCase();
  await buildCatalogues(`chunks/messages-${catalogueHash}-[name]`, true);
  const catalogues = Object.fromEntries(
    catalogueLanguages.map((lang) => [lang, `chunks/messages-${catalogueHash}-${lang}.js`]),
  );
  const prompt = await buildChunk('prompt', 'ui/prompt-chunk.ts', {
    charset: 'utf8',
    plugins: [cssAsText, catalogueChunks(catalogues)],
  });
  // The sentences behind loupe('why'): imported only when someone asks (src/prompts/why-chunk.ts).
  const why = await buildChunk('why', 'prompts/why-chunk.ts');
  // Prompt eligibility: imported only when the site's config lists an active prompt
  // (src/prompts/start-prompts.ts), so a site without prompts never downloads it.
  const rules = await buildChunk('rules', 'prompts/rules-chunk.ts');
  const loader = await build(loaderOptions({ prompt: prompt.path, why: why.path, rules: rules.path }));
  // The studio's preview page: the prompt chunk above, mounted by a script that shares the
  // renaming of the loader and chunks, built last so it changes none of theirs (src/preview/preview-page.ts); served at /preview/ by the server.
  await build({
    ...common,
    define: { ...flags, __PROMPT_CHUNK__: JSON.stringify(prompt.path) },
    entryPoints: [src('preview/preview-page.ts')],
    format: 'esm',
    minify: !dev,
    outfile: join(outdir, 'preview/prompt.js'),
  });
  await copyFile(src('preview/prompt.html'), join(outdir, 'preview/prompt.html'));
  // The link surveys' hosted page script (src/link/link-page.ts), the same way: the prompt chunk,
  // mounted by a script sharing the renaming; served at /link/ beside its stylesheet.
  await build({
    ...common,
    define: { ...flags, __PROMPT_CHUNK__: JSON.stringify(prompt.path) },
    entryPoints: [src('link/link-page.ts')],
    format: 'esm',
    minify: !dev,
    outfile: join(outdir, 'link/page.js'),
  });
  await copyFile(src('link/page.css'), join(outdir, 'link/page.css'));
  return { prompt, why, rules, catalogues, loader, mangleCache };
}

async function buildEsm() {
  await esbuild.build({
    ...common,
    define: { __DEV__: 'false' },
    entryPoints: [src('index.ts')],
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    splitting: true,
    minify: true,
    outdir: join(dist, 'esm'),
  });
}

const productionFiles = async (dir) => [
  'widget.js',
  ...(await readdir(join(dir, 'chunks'))).filter((f) => f.endsWith('.js')).map((f) => `chunks/${f}`),
];

/**
 * dist/types: tsc's declarations of src/index.ts, then only the files its exports reach (tsc
 * writes one per source file of the whole program). A site's TypeScript loads nothing else, so a
 * reached file that imports a package (our internal @loupe/shared, Preact…) fails the build: the
 * public types must stand alone, as the package ships without dependencies.
 */
async function publicTypes() {
  const out = join(dist, 'types');
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.types.json'), '--outDir', out], { stdio: 'inherit' });
  const reached = new Set();
  const visit = async (file) => {
    if (reached.has(file)) return;
    reached.add(file);
    const text = await readFile(join(out, file), 'utf8');
    for (const [, spec] of text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      if (!spec.startsWith('.'))
        throw new Error(`dist/types/${file} imports ${spec}: the public types must not need it`);
      await visit(join(dirname(file), spec.replace(/\.js$/, '.d.ts')));
    }
  };
  await visit('index.d.ts');
  for (const file of await readdir(out, { recursive: true })) {
    if (file.endsWith('.d.ts') && !reached.has(file)) await rm(join(out, file));
  }
  // Folders left empty by the pruning.
  for (const dir of (await readdir(out, { recursive: true, withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .reverse()) {
    const path = join(dir.parentPath, dir.name);
    if ((await readdir(path)).length === 0) await rm(path, { recursive: true });
  }
}

/**
 * A second minifier pass over the production files: terser's compressor finds ~5 % more than
 * esbuild's on this code (Preact ships the same way). Deterministic, so a chunk's content hash
 * still changes exactly when its code does. It maps through esbuild's source map, so the map
 * written beside each file leads back to src/. No sourceMappingURL comment: the server names the
 * map in a SourceMap header, so what a visitor downloads is not a byte longer.
 */
async function squeeze(dir) {
  for (const file of await productionFiles(dir)) {
    const code = await readFile(join(dir, file), 'utf8');
    const map = await readFile(join(dir, `${file}.map`), 'utf8');
    const out = await minify(code, {
      ecma: 2020,
      module: file !== 'widget.js',
      // pure_funcs: shared/src/constants.ts computes a constant the widget never reads with
      // Math.ceil, a call esbuild keeps for its possible side effects (−12 B brotli a file).
      compress: { passes: 3, pure_getters: true, unsafe_arrows: true, pure_funcs: ['Math.ceil'] },
      format: { comments: false },
      sourceMap: { content: map, includeSources: true },
    });
    await writeFile(join(dir, file), out.code);
    await writeFile(join(dir, `${file}.map`), out.map);
  }
}

/**
 * The precompressed copies the server sends. The `.gz` is zopfli's: the same gzip format every
 * client decodes, about 2 % smaller than zlib's level 9, worth its build time for files downloaded
 * on every page. sizes.json reports the bytes served (`gzip`, `brotli`) and zlib -9 (`gzip9`) for
 * comparison with `gzip -9`.
 */
async function compress(dir) {
  const out = {};
  for (const file of await productionFiles(dir)) {
    const bytes = await readFile(join(dir, file));
    // zlib's where it is smaller: on a file of two hundred bytes (a message catalogue) it can be.
    const gz = [Buffer.from(await zopfliGzip(bytes, { numiterations: 15 })), gzipSync(bytes, { level: 9 })].reduce(
      (a, b) => (b.length < a.length ? b : a),
    );
    const br = brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } });
    await writeFile(join(dir, `${file}.gz`), gz);
    await writeFile(join(dir, `${file}.br`), br);
    out[file] = { raw: bytes.length, gzip: gz.length, brotli: br.length, gzip9: gzipSync(bytes, { level: 9 }).length };
  }
  return out;
}

const previous = await readPreviousChunks(dist);
await rm(dist, { recursive: true, force: true });
await mkdir(dist, { recursive: true });
const prod = await buildFlavour(dist, false);
await squeeze(dist);
await buildFlavour(join(dist, 'dev'), true);
await buildEsm();
if (types) await publicTypes();

const report = await compress(dist);
await writeFile(join(dist, 'sizes.json'), `${JSON.stringify(report, null, 2)}\n`);
const meta = {
  loader: prod.loader.metafile,
  chunks: {
    prompt: prod.prompt.result.metafile,
    why: prod.why.result.metafile,
    rules: prod.rules.result.metafile,
  },
  promptChunk: prod.prompt.path,
  whyChunk: prod.why.path,
  rulesChunk: prod.rules.path,
  catalogueChunks: prod.catalogues,
  mangleCache: prod.mangleCache,
};
await writeFile(join(dist, 'meta.json'), `${JSON.stringify(meta)}\n`);
const currentChunks = [prod.prompt.path, prod.why.path, prod.rules.path, ...Object.values(prod.catalogues)];
const kept = await keepPreviousChunks(dist, previous, currentChunks);
for (const [file, { raw, gzip, brotli, gzip9 }] of Object.entries(report)) {
  console.log(
    `${file.padEnd(28)} ${String(raw).padStart(6)} B raw  ${String(gzip).padStart(5)} B gzip (zopfli; zlib -9: ${gzip9})  ${String(brotli).padStart(5)} B brotli`,
  );
}
if (kept.length) console.log(`kept for loaders cached before this build: ${kept.join(', ')}`);
