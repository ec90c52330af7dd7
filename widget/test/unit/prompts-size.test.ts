import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';

// Size budgets of the prompts (size budgets are tests: docs/contributing.md). Deterministic: the bytes
// of the production build (global-setup.ts rebuilds dist/ when sources changed), gzip level 9.
// The loader's own total budget belongs to the loader's size test; here: the prompt chunk, and
// what the prompts add to the loader (the config fetch, what the rules hear before their chunk
// arrives, show and why; the rules themselves are a chunk), measured by building the loader
// without it.

const widget = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(widget, 'dist');

/** The prompt UI chunk (test/build/bundle.test.ts budgets it too). */
const PROMPT_CHUNK_BUDGET = 4_700;
/** What the prompts' part of the loader (start-prompts.ts) may add to widget.js. */
const PROMPTS_IN_LOADER_BUDGET = 400;

interface Meta {
  loader: esbuild.Metafile;
  chunks: { prompt: esbuild.Metafile };
  promptChunk: string;
}
const meta = () => JSON.parse(readFileSync(path.join(dist, 'meta.json'), 'utf8')) as Meta;
/** What went into a build's script (its metafile also lists the source map, which has no inputs). */
const scriptInputs = (m: esbuild.Metafile) =>
  Object.keys(Object.entries(m.outputs).find(([file]) => file.endsWith('.js'))![1].inputs);
const sizes = () =>
  JSON.parse(readFileSync(path.join(dist, 'sizes.json'), 'utf8')) as Record<string, { raw: number; gzip: number }>;

/** The production loader as build.mjs makes it, optionally with startPrompts replaced by a no-op. */
async function loaderGzip(withoutPrompts: boolean): Promise<number> {
  const stub: esbuild.Plugin = {
    name: 'no-prompts',
    setup(b) {
      b.onResolve({ filter: /\/start-prompts\.js$/ }, () => ({ path: 'stub', namespace: 'stub' }));
      b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
        contents: 'export function startPrompts(){}',
        loader: 'js',
      }));
    },
  };
  const out = await esbuild.build({
    entryPoints: [path.join(widget, 'src/loader.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    target: ['es2020', 'chrome80', 'firefox78', 'safari15'],
    mangleProps: /^_/,
    legalComments: 'none',
    define: {
      __DEV__: 'false',
      __PROMPT_CHUNK__: '"chunks/prompt-00000000.js"',
      __WHY_CHUNK__: '"chunks/why-00000000.js"',
      __RULES_CHUNK__: '"chunks/rules-00000000.js"',
    },
    plugins: withoutPrompts ? [stub] : [],
    logLevel: 'silent',
  });
  return gzipSync(out.outputFiles[0]!.contents, { level: 9 }).length;
}

describe('prompt size budgets', () => {
  it(`the prompt chunk is at most ${PROMPT_CHUNK_BUDGET} B gzip`, () => {
    const chunk = sizes()[meta().promptChunk];
    expect(chunk, 'dist/sizes.json lists the prompt chunk').toBeDefined();
    expect(chunk!.gzip).toBeLessThanOrEqual(PROMPT_CHUNK_BUDGET);
    const inputs = scriptInputs(meta().chunks.prompt);
    expect(inputs.some((i) => i.endsWith('src/ui/prompt-card.ts'))).toBe(true);
  });

  it('the UI stays out of the loader', () => {
    const inputs = scriptInputs(meta().loader);
    expect(inputs.filter((i) => /src\/ui\/|src\/i18n\//.test(i))).toEqual([]);
    expect(inputs.some((i) => i.endsWith('src/prompts/start-prompts.ts'))).toBe(true);
  });

  it(`the prompts add at most ${PROMPTS_IN_LOADER_BUDGET} B gzip to the loader`, async () => {
    const [full, without] = [await loaderGzip(false), await loaderGzip(true)];
    expect(full).toBeGreaterThan(without); // the stub really removed something
    expect(full - without, `${full} - ${without}`).toBeLessThanOrEqual(PROMPTS_IN_LOADER_BUDGET);
  }, 30_000);
});
