import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonFlag, meets, ratio, type BenchSection } from '../src/bench/bench-report.js';
import { renderBenchMarkdown } from '../src/bench/render-bench-markdown.js';
import { type BenchStep, runBenchAll } from '../src/bench/run-bench-all.js';
import { PEER_SURVEY_GZIP_BYTES, widgetSizesSection } from '../src/bench/widget-sizes-section.js';
import { repoRoot } from '../src/testing/index.js';

// npm run bench's collector, with stand-in benchmarks (the real ones take minutes and never run
// in npm test): good, failing, silent and garbled steps, and a missing one.

const section = (id: string, value: number): BenchSection => ({
  id,
  title: `The ${id} benchmark`,
  figures: [{ name: `${id} | throughput`, value: 1234.5, unit: 'req/s' }],
  ratios: [ratio(`${id} ÷ baseline`, value, 'a baseline of the same run', '≥ 0.70')],
  notes: [`measured by the ${id} stand-in`],
});

/** A benchmark stand-in: writes `sections` to its --json file, then exits with `code`. */
const fakeBench = (sections: BenchSection[] | string | undefined, code = 0) => `
import { writeFileSync } from 'node:fs';
const file = process.argv[process.argv.indexOf('--json') + 1];
const out = ${JSON.stringify(sections === undefined ? null : sections)};
if (out !== null) writeFileSync(file, typeof out === 'string' ? out : JSON.stringify({ sections: out }));
process.exit(${code});
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-all-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

/** The sizes section of a sizes.json with these files, and its first `n` figures as [name, value]. */
const sizesSection = (name: string, sizes: Record<string, { raw: number; gzip: number; brotli?: number }>) =>
  widgetSizesSection(file(name, JSON.stringify(sizes)));
const firstFigures = (s: ReturnType<typeof widgetSizesSection>, n: number) =>
  s.figures.slice(0, n).map((f) => [f.name, f.value]);

describe('runBenchAll', () => {
  it('collects every step and the widget sizes into latest.json and latest.md, reporting what failed', async () => {
    const steps: BenchStep[] = [
      {
        id: 'ingest',
        script: file('ok.mjs', fakeBench([section('ingest', 0.9), section('writer', 0.5)])),
        args: [],
        env: { BENCH_DURATION: '5' },
      },
      { id: 'crashed', script: file('fail.mjs', fakeBench([section('crashed', 1)], 3)), args: [], env: {} },
      { id: 'silent', script: file('silent.mjs', fakeBench(undefined)), args: [], env: {} },
      { id: 'garbled', script: file('garbled.mjs', fakeBench('{"sections": ')), args: [], env: {} },
      { id: 'query', script: path.join(dir, 'no-such-bench.ts'), args: [], env: {} },
    ];
    const sizesFile = file(
      'sizes.json',
      JSON.stringify({
        'widget.js': { raw: 18000, gzip: 8000 },
        'chunks/prompt-ABC123.js': { raw: 21000, gzip: 9000 },
      }),
    );
    const resultsDir = path.join(dir, 'results');
    const report = await runBenchAll({ steps, cwd: repoRoot, sizesFile, resultsDir, stdio: 'ignore' });

    expect(report.sections.map((s) => s.id)).toEqual(['ingest', 'writer', 'sizes']);
    expect(report.failures.map((f) => f.id)).toEqual(['crashed', 'silent', 'garbled', 'query']);
    expect(report.failures[0]!.reason).toContain('exited with 3');
    expect(report.failures[1]!.reason).toContain('without writing');
    expect(report.failures[2]!.reason).toContain('unreadable');
    expect(report.failures[3]!.reason).toContain('does not exist');
    expect(report.settings).toEqual({ BENCH_DURATION: process.env.BENCH_DURATION ?? '5' });
    expect(report.machine.cores).toBeGreaterThan(0);

    expect(JSON.parse(readFileSync(path.join(resultsDir, 'latest.json'), 'utf8'))).toEqual(report);
    const md = readFileSync(path.join(resultsDir, 'latest.md'), 'utf8');
    expect(md).toBe(renderBenchMarkdown(report));
    expect(md).toContain('| ingest | ingest ÷ baseline | 0.9 | a baseline of the same run | ≥ 0.70 | yes |');
    expect(md).toContain('| writer | writer ÷ baseline | 0.5 | a baseline of the same run | ≥ 0.70 | **no** |');
    expect(md).toContain('| ingest \\| throughput | 1,235 | req/s |'); // pipes escaped, big numbers rounded
    expect(md).toContain('- **query**:');
  }, 60_000);

  it('overwrites the previous report and says when the widget is not built', async () => {
    const resultsDir = path.join(dir, 'results-2');
    const run = () =>
      runBenchAll({
        steps: [],
        cwd: repoRoot,
        sizesFile: path.join(dir, 'missing-sizes.json'),
        resultsDir,
        stdio: 'ignore',
      });
    await run();
    const second = await run();
    expect(second.failures).toEqual([{ id: 'sizes', reason: expect.stringContaining('npm run build') }]);
    expect(JSON.parse(readFileSync(path.join(resultsDir, 'latest.json'), 'utf8')).generatedAt).toBe(second.generatedAt);
  });
});

describe('runBenchAll --only', () => {
  it('keeps the sections of the earlier report that the steps run now do not write, and says so', async () => {
    const resultsDir = path.join(dir, 'results-only');
    const earlier = await runBenchAll({
      steps: [
        { id: 'ingest', script: file('old-ingest.mjs', fakeBench([section('ingest', 0.1)])), args: [], env: {} },
        { id: 'query', script: file('old-query.mjs', fakeBench([section('query', 2)])), args: [], env: {} },
      ],
      cwd: repoRoot,
      sizesFile: path.join(dir, 'missing-sizes.json'),
      resultsDir,
      stdio: 'ignore',
    });
    const now = await runBenchAll({
      steps: [{ id: 'ingest', script: file('new-ingest.mjs', fakeBench([section('ingest', 0.9)])), args: [], env: {} }],
      keep: earlier,
      cwd: repoRoot,
      sizesFile: path.join(dir, 'missing-sizes.json'),
      resultsDir,
      stdio: 'ignore',
    });
    expect(now.sections.map((s) => [s.id, s.ratios[0]!.value])).toEqual([
      ['ingest', 0.9],
      ['query', 2],
    ]);
    const at = earlier.commit ? ` at ${earlier.commit.slice(0, 12)}` : '';
    expect(now.settings['kept from an earlier run']).toBe(`query (${earlier.generatedAt}${at})`);
    // The kept section is dated to the run that measured it, the fresh one to this run.
    expect(now.sections.map((s) => s.measured)).toEqual([
      undefined,
      { at: earlier.generatedAt, commit: earlier.commit },
    ]);
  }, 60_000);
});

describe('bench report helpers', () => {
  it('reads --json <file> and refuses a flag without a file', () => {
    expect(jsonFlag(['node', 'b.ts', '--json', 'out.json'])).toBe('out.json');
    expect(jsonFlag(['node', 'b.ts'])).toBeUndefined();
    expect(() => jsonFlag(['node', 'b.ts', '--json'])).toThrow(/needs a file/);
    expect(() => jsonFlag(['node', 'b.ts', '--json', '--other'])).toThrow(/needs a file/);
  });

  it('checks targets in both directions and refuses unreadable ones', () => {
    expect(meets(0.7, '≥ 0.70')).toBe(true);
    expect(meets(0.69, '≥ 0.70')).toBe(false);
    expect(meets(1.2, '<= 1.2')).toBe(true);
    expect(meets(1.3, '≤ 1.2')).toBe(false);
    expect(() => meets(1, 'about 1')).toThrow(/unreadable/);
    expect(ratio('r', 1, 'b')).toEqual({ name: 'r', value: 1, baseline: 'b' });
  });

  it('names widget files without their content hash, totals every page and a prompted visitor, compares the latter with the peers', () => {
    const s = widgetSizesSection(
      file(
        'sizes-2.json',
        JSON.stringify({
          'widget.js': { raw: 100, gzip: 50, gzip9: 52 },
          'chunks/prompt-XYZ9.js': { raw: 300, gzip: 150, brotli: 130 },
          'chunks/vitals-Q1.js': { raw: 80, gzip: 40 },
          'chunks/why-AB12.js': { raw: 20, gzip: 15 },
        }),
      ),
    );
    expect(s.figures.map((f) => f.name)).toEqual([
      'every page downloads: total served gzip',
      'every page downloads: total served brotli',
      'a prompted visitor downloads: total served gzip',
      'a prompted visitor downloads: total served brotli',
      'widget.js (gzip, served)',
      'widget.js (zlib gzip -9)',
      'widget.js (raw)',
      'prompt chunk (gzip, served)',
      'prompt chunk (brotli)',
      'prompt chunk (raw)',
      'vitals chunk (gzip, served)',
      'vitals chunk (raw)',
      'why chunk (gzip, served)',
      'why chunk (raw)',
    ]);
    // Every page: all but the prompt and why chunks; a file without a .br counts its gzip.
    expect(s.figures.slice(0, 4).map((f) => f.value)).toEqual([90, 90, 240, 220]);
    // The why chunk only reaches developers who ask.
    expect(s.ratios[0]).toMatchObject({ value: 240 / PEER_SURVEY_GZIP_BYTES, met: true });
  });

  it('counts a message catalogue chunk in no total but the prompted visitor shown its language (the largest)', () => {
    const s = sizesSection('sizes-3.json', {
      'widget.js': { raw: 100, gzip: 50, brotli: 45 },
      'chunks/prompt-XYZ9.js': { raw: 300, gzip: 150, brotli: 130 },
      'chunks/messages-H1J2-da.js': { raw: 25, gzip: 12, brotli: 11 },
      'chunks/messages-H1J2-th.js': { raw: 30, gzip: 20, brotli: 18 },
      'chunks/why-AB12.js': { raw: 20, gzip: 15 },
    });
    const figure = (name: string) => s.figures.find((f) => f.name === name)?.value;
    expect(firstFigures(s, 6)).toEqual([
      ['every page downloads: total served gzip', 50],
      ['every page downloads: total served brotli', 45],
      ['a prompted visitor downloads: total served gzip', 200],
      ['a prompted visitor downloads: total served brotli', 175],
      ['a prompted visitor shown another language: largest total served gzip', 220],
      ['a prompted visitor shown another language: largest total served brotli', 193],
    ]);
    expect(figure('th messages chunk (gzip, served)')).toBe(20);
    expect(figure('da messages chunk (raw)')).toBe(25);
    expect(s.ratios[0]).toMatchObject({ value: 200 / PEER_SURVEY_GZIP_BYTES });
  });

  it('counts the rules chunk on a page of a site with prompts and for a prompted visitor, not on every page', () => {
    const s = sizesSection('sizes-4.json', {
      'widget.js': { raw: 100, gzip: 50, brotli: 45 },
      'chunks/prompt-XYZ9.js': { raw: 300, gzip: 150, brotli: 130 },
      'chunks/rules-R2D2.js': { raw: 40, gzip: 30, brotli: 27 },
      'chunks/why-AB12.js': { raw: 20, gzip: 15 },
    });
    expect(firstFigures(s, 6)).toEqual([
      ['every page downloads: total served gzip', 50],
      ['every page downloads: total served brotli', 45],
      ['a page of a site with prompts downloads (first visit): total served gzip', 80],
      ['a page of a site with prompts downloads (first visit): total served brotli', 72],
      ['a prompted visitor downloads: total served gzip', 230],
      ['a prompted visitor downloads: total served brotli', 202],
    ]);
    expect(s.figures.find((f) => f.name === 'rules chunk (raw)')?.value).toBe(40);
  });
});
