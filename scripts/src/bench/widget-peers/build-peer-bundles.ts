import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { CONTESTANTS, type ContestantId } from './contestants.js';
import type { SurveyTarget } from './nps-survey.js';

/** One script file as a server sends it: raw, and precompressed like Loupe's widget files. */
export interface ServedFile {
  raw: Buffer;
  /** Brotli at quality 11, what Loupe's build writes to widget.js.br (and what Chromium gets). */
  br: Buffer;
  /** gzip for clients without brotli (zlib -9 here; Loupe's build uses zopfli: no browser here asks for it). */
  gz: Buffer;
}

/** Bundles by URL path (`/posthog-page.js`, `/static/surveys.js`) as the vendor stub serves them. */
export type PeerBundles = Map<string, ServedFile>;

/**
 * The lazily loaded files posthog-js asks its asset host for (`/static/<name>.js`) when the
 * features switched on need them: shipped minified in posthog-js/dist, served from the stub as
 * PostHog's CDN serves them.
 */
export const POSTHOG_LAZY_FILES = [
  'surveys',
  'web-vitals-with-attribution',
  'dead-clicks-autocapture',
  'exception-autocapture',
] as const;

const require = createRequire(import.meta.url);

export function serveFile(raw: Buffer): ServedFile {
  return {
    raw,
    br: brotliCompressSync(raw, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length },
    }),
    gz: gzipSync(raw, { level: 9 }),
  };
}

/** The path a contestant's bundle is served at; PostHog has one project (token) per survey target. */
export function bundlePath(id: ContestantId, target: SurveyTarget): string {
  return id === 'posthog' || id === 'posthog-slim' ? `/${id}-${target}.js` : `/${id}.js`;
}

/** The installed version of an npm package (the report names what it measured). */
export function packageVersion(name: string): string {
  // Not require(`${name}/package.json`): a package's "exports" may not list it.
  for (let dir = path.dirname(require.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version: string };
    if (pkg.name === name) return pkg.version;
  }
  throw new Error(`no package.json of ${name}`);
}

/**
 * Every peer's entry bundled by esbuild as a customer's production build would do it (minified,
 * tree-shaken, one IIFE file, `process.env.NODE_ENV` production), plus PostHog's lazy files,
 * each precompressed. `vendorOrigin` is where the stub answers the peer's endpoints.
 */
export async function buildPeerBundles(vendorOrigin: string): Promise<PeerBundles> {
  const bundles: PeerBundles = new Map();
  const posthogDir = path.dirname(require.resolve('posthog-js/package.json'));
  for (const c of CONTESTANTS) {
    if (!c.entry) continue;
    for (const target of ['page', 'survey'] as const) {
      const file = bundlePath(c.id, target);
      if (bundles.has(file)) continue;
      const result = await esbuild.build({
        stdin: {
          contents: c.entry(vendorOrigin, target),
          resolveDir: path.dirname(fileURLToPath(import.meta.url)),
          loader: 'js',
          sourcefile: `${c.id}-entry.js`,
        },
        bundle: true,
        minify: true,
        format: 'iife',
        target: ['es2020'],
        platform: 'browser',
        define: { 'process.env.NODE_ENV': '"production"' },
        legalComments: 'none',
        write: false,
        logLevel: 'error',
      });
      bundles.set(file, serveFile(Buffer.from(result.outputFiles[0]!.contents)));
    }
  }
  for (const name of POSTHOG_LAZY_FILES) {
    const code = await readFile(path.join(posthogDir, 'dist', `${name}.js`), 'utf8');
    // Already minified by PostHog's build; esbuild's pass only drops the source map comment.
    const min = await esbuild.transform(code, { minify: true, target: 'es2020', legalComments: 'none' });
    // posthog-js asks for /static/<version>/<name>.js first, /static/<name>.js?v=<version> after a 404.
    const served = serveFile(Buffer.from(min.code));
    bundles.set(`/static/${packageVersion('posthog-js')}/${name}.js`, served);
    bundles.set(`/static/${name}.js`, served);
  }
  return bundles;
}
