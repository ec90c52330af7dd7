import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// @loupe/widget as a site outside this repository gets it: `npm pack`, installed from the tarball
// into a new project (offline: the package needs nothing from a registry), type-checked with the
// package's own declarations and bundled by esbuild. Reads the build in widget/dist
// (test/global-setup.ts rebuilds it when stale).

const widget = path.join(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const SITE_CODE = `import { destroy, init, track, type LoupeOptions, type TrackProps } from '@loupe/widget';

const options: LoupeOptions = { key: 'pk_test', api: 'https://loupe.example', disable: ['vitals'] };
init(options);
const props: TrackProps = { plan: 'pro', seats: 3 };
track('upgrade', props);
// @ts-expect-error: a signal group that does not exist
init({ key: 'pk_test', api: 'https://loupe.example', disable: ['heatmaps'] });
// @ts-expect-error: props are flat
track('upgrade', { nested: { no: true } });
destroy();
`;

describe('the @loupe/widget package, outside this repository', () => {
  let dir: string;
  let app: string;
  let packed: { filename: string; files: { path: string }[] };
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-pack-'));
    const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: widget, encoding: 'utf8' });
    packed = (JSON.parse(out) as (typeof packed)[])[0]!;
    app = path.join(dir, 'site');
    mkdirSync(app);
    writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'site', private: true, type: 'module' }));
    // --offline: a dependency the tarball declared would have to come from the cache, and fail.
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', path.join(dir, packed.filename)], {
      cwd: app,
      stdio: 'pipe',
    });
    writeFileSync(path.join(app, 'main.ts'), SITE_CODE);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('packs the ES module build and its declarations, nothing else', () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toContain('package.json');
    expect(files).toContain('dist/esm/index.js');
    expect(files).toContain('dist/types/index.d.ts');
    expect(files.filter((f) => f !== 'package.json' && !/^dist\/(esm|types)\//.test(f))).toEqual([]);
  });

  it("type-checks a site's code against the package's declarations alone (strict, declarations checked too)", () => {
    writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2022', 'DOM'],
          types: [],
        },
        files: ['main.ts'],
      }),
    );
    // Throws with tsc's messages on any error, an unused @ts-expect-error included.
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8' });
  }, 120_000);

  it("bundles with esbuild from the installed package only (nothing of this repository's)", async () => {
    const result = await esbuild.build({
      absWorkingDir: app,
      entryPoints: ['main.ts'],
      bundle: true,
      format: 'esm',
      splitting: true,
      outdir: 'out',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('node_modules/@loupe/widget/dist/esm/index.js');
    expect(inputs.filter((f) => f !== 'main.ts' && !f.startsWith('node_modules/@loupe/widget/dist/esm/'))).toEqual([]);
    const outputs = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'));
    // The lazily loaded parts stay lazy: the site's bundle splits them out.
    expect(outputs.length).toBeGreaterThan(1);
  });
});
