import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BenchAllReport, renderBenchMarkdown } from '../src/bench/render-bench-markdown.js';
import { renderSizesReadme, SIZES_README_END, SIZES_README_START } from '../src/bench/render-sizes-readme.js';
import { INGEST_README_END, INGEST_README_START, renderIngestReadme } from '../src/bench/render-ingest-readme.js';
import { repoRoot } from '../src/testing/index.js';

// bench/results/latest.md and README's size table are generated from latest.json by npm run bench;
// this keeps anyone from editing one without the others.

describe('the committed benchmark report', () => {
  const json = path.join(repoRoot, 'bench/results/latest.json');

  it('latest.md and README.md are what latest.json renders to (npm run bench -- --render)', () => {
    expect(existsSync(json), 'bench/results/latest.json: run npm run bench').toBe(true);
    const report = JSON.parse(readFileSync(json, 'utf8')) as BenchAllReport;
    expect(readFileSync(path.join(repoRoot, 'bench/results/latest.md'), 'utf8')).toBe(renderBenchMarkdown(report));
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const block = readme.slice(
      readme.indexOf(SIZES_README_START),
      readme.indexOf(SIZES_README_END) + SIZES_README_END.length,
    );
    expect(block).toBe(renderSizesReadme(report));
    // The table has figures: a loader row with its served bytes.
    expect(block).toMatch(/\n\| widget\.js \| [\d,]+ \| [\d,]+ \| [\d,]+ \|\n/);
    const ingest = readme.slice(
      readme.indexOf(INGEST_README_START),
      readme.indexOf(INGEST_README_END) + INGEST_README_END.length,
    );
    expect(ingest).toBe(renderIngestReadme(report));
    // The open loop was measured: /v1/collect's row has a rate held.
    expect(ingest).toMatch(/\n\| POST \/v1\/collect \| [\d,]+ \|/);
  });
});
