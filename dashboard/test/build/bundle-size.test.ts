import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { closure, OVERVIEW_ENTRY } from '../../build-graph.mjs';

// Reads the production build in dashboard/dist (test/global-setup.ts rebuilds it when stale).
// The budget counts the gzip bytes the server sends (the precompressed .gz, zlib level 9) of every
// JavaScript file the browser must download before the overview can render: the shell, its static
// imports, the overview's chunk and its static imports (uPlot). 1 KB = 1024 bytes.

const OVERVIEW_BUDGET = 60 * 1024;

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../dist');
const read = (file: string) => readFileSync(path.join(dist, file));
const meta = JSON.parse(read('meta.json').toString()) as Metafile;
const sizes = JSON.parse(read('sizes.json').toString()) as {
  files: Record<string, { raw: number; gzip: number; brotli: number }>;
  overview: { files: string[]; gzip: number };
};
const html = read('index.html').toString();
const mainFile = /<script type="module" src="\/app\/(assets\/main-[A-Z0-9]+\.js)"><\/script>/.exec(html)?.[1];
const bootFile = /<script type="module" src="\/app\/(assets\/boot-[A-Z0-9]+\.js)"><\/script>/.exec(html)?.[1];
const jsOutputs = Object.keys(meta.outputs).filter((f) => f.endsWith('.js'));
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
const inputsOf = (file: string) => Object.keys(meta.outputs[file]!.inputs);

describe('the overview budget', () => {
  // The boot script runs before the shell on every page: its files count too.
  const files = closure(meta, [`dist/${bootFile}`, `dist/${mainFile}`, OVERVIEW_ENTRY]);
  const gzip = files.reduce((sum, f) => sum + read(`${f}.gz`).length, 0);

  it(`the JavaScript needed to show the overview is ≤ ${OVERVIEW_BUDGET} B gzip`, () => {
    expect(mainFile, 'index.html names the shell').toBeTruthy();
    expect(bootFile, 'index.html names the boot script').toBeTruthy();
    expect(html.indexOf(bootFile!), 'the boot script runs first').toBeLessThan(html.indexOf(mainFile!));
    const detail = files.map((f) => `${f}: ${read(`${f}.gz`).length} B`).join(', ');
    expect(gzip, `overview needs ${gzip} B gzip (${detail})`).toBeLessThanOrEqual(OVERVIEW_BUDGET);
  });

  it('sizes.json reports the same files and bytes, and every .gz is the file it stands for', () => {
    expect(sizes.overview).toMatchObject({ files, gzip });
    for (const file of files) {
      expect(gunzipSync(read(`${file}.gz`)).equals(read(file)), file).toBe(true);
      expect(sizes.files[file]).toMatchObject({ raw: read(file).length, gzip: read(`${file}.gz`).length });
    }
  });

  it('the overview downloads no other view', () => {
    const others = ['scores', 'responses', 'pages', 'errors', 'clicks'].map((v) => `src/views/${v}/${v}-view.tsx`);
    const inputs = files.flatMap((f) => inputsOf(`dist/${f}`));
    for (const view of others) expect(inputs, view).not.toContain(view);
  });

  it('uPlot stays out of the shell: the login page never downloads it', () => {
    const shell = closure(meta, [`dist/${mainFile}`]).flatMap((f) => inputsOf(`dist/${f}`));
    expect(shell.filter((f) => f.includes('node_modules/uplot/'))).toEqual([]);
    expect(files.flatMap((f) => inputsOf(`dist/${f}`)).some((f) => f.includes('node_modules/uplot/'))).toBe(true);
  });
});

describe('what the bundles contain', () => {
  it('zod never enters the dashboard (it imports only types from the shared contract)', () => {
    for (const file of jsOutputs) {
      expect(
        inputsOf(file).filter((f) => f.includes('node_modules/zod/')),
        file,
      ).toEqual([]);
      const text = read(file.replace(/^dist\//, '')).toString();
      for (const marker of ['ZodError', 'safeParse', '$ZodType'])
        expect(text, `${file} contains ${marker}`).not.toContain(marker);
    }
  });

  it('the boot script stays small and free of Preact: it runs before the app is evaluated', () => {
    const files = closure(meta, [`dist/${bootFile}`]);
    const inputs = files.flatMap((f) => inputsOf(`dist/${f}`));
    expect(inputs.filter((f) => f.includes('node_modules/'))).toEqual([]);
    const gzip = files.reduce((sum, f) => sum + read(`${f}.gz`).length, 0);
    expect(gzip, files.join(', ')).toBeLessThanOrEqual(4096);
  });

  it('index.html has no inline script or style (the CSP allows neither)', () => {
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/\son[a-z]+=/);
  });

  it('no source renders markup from a string (Preact renders every stored string as text)', () => {
    const offenders = sourceFiles(path.join(dist, '../src')).filter((file) =>
      /dangerouslySetInnerHTML|\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|createContextualFragment/.test(
        readFileSync(file, 'utf8'),
      ),
    );
    expect(offenders).toEqual([]);
  });
});
