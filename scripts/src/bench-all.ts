import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type BenchAllReport, renderBenchMarkdown } from './bench/render-bench-markdown.js';
import { renderIngestReadme, replaceIngestReadmeBlock } from './bench/render-ingest-readme.js';
import { renderSizesReadme, replaceSizesReadmeBlock } from './bench/render-sizes-readme.js';
import { type BenchSection, writeJsonFile } from './bench/bench-report.js';
import { type BenchStep, gitCommit, runBenchAll } from './bench/run-bench-all.js';
import { widgetSizesSection } from './bench/widget-sizes-section.js';
import { repoRoot } from './testing/repo-root.js';

// `npm run bench`: every benchmark of the project in one go (after one build), each in its own
// process as its own npm script would run it, collected into bench/results/latest.json and
// latest.md, and README's table of the widget's sizes. Sizes are moderate so the whole run takes a
// few minutes; each benchmark's own environment variables (BENCH_DURATION, …) still apply when set.
// `npm run bench -- --render` only re-renders latest.md and README's tables from latest.json.
// `npm run bench -- --sizes` measures the widget's sizes again (widget/dist/sizes.json: build it
// first) into latest.json, the other sections staying as measured, and re-renders both.
// `npm run bench -- --only ingest` runs the named steps (comma-separated) and keeps the other
// sections of latest.json, saying so in the report.

const STEPS: BenchStep[] = [
  // Ingest HTTP (vs an empty route) and the group-commit writer (vs raw better-sqlite3).
  { id: 'ingest', script: 'scripts/src/bench-ingest.ts', args: [], env: { BENCH_DURATION: '5' } },
  // Read API on rollups vs. raw scans; a smaller seed than bench:query's default keeps this quick.
  {
    id: 'query',
    script: 'scripts/src/bench-query.ts',
    args: ['--responses', '50000', '--events', '500000', '--runs', '20'],
    env: {},
  },
  // The dashboard's overview in Chromium: every card filled vs. the slowest API call of the same load.
  {
    id: 'dashboard',
    script: 'scripts/src/bench-dashboard.ts',
    args: ['--responses', '50000', '--events', '500000', '--runs', '5'],
    env: {},
  },
];

const resultsDir = path.join(repoRoot, 'bench/results');
const readmeFile = path.join(repoRoot, 'README.md');
const writeReadme = (report: BenchAllReport) =>
  writeFileSync(
    readmeFile,
    replaceIngestReadmeBlock(
      replaceSizesReadmeBlock(readFileSync(readmeFile, 'utf8'), renderSizesReadme(report)),
      renderIngestReadme(report),
    ),
  );

if (process.argv.includes('--sizes')) {
  const file = path.join(resultsDir, 'latest.json');
  const report = JSON.parse(readFileSync(file, 'utf8')) as BenchAllReport;
  const sizes: BenchSection = {
    ...widgetSizesSection(path.join(repoRoot, 'widget/dist/sizes.json')),
    measured: { at: new Date().toISOString(), commit: gitCommit(repoRoot) },
  };
  report.sections = [...report.sections.filter((s) => s.id !== 'sizes'), sizes];
  report.failures = report.failures.filter((f) => f.id !== 'sizes');
  writeJsonFile(file, report);
  writeFileSync(path.join(resultsDir, 'latest.md'), renderBenchMarkdown(report));
  writeReadme(report);
  console.log('Measured the widget sizes into bench/results/latest.json; rendered latest.md and README.md');
} else if (process.argv.includes('--render')) {
  const report = JSON.parse(readFileSync(path.join(resultsDir, 'latest.json'), 'utf8')) as BenchAllReport;
  writeFileSync(path.join(resultsDir, 'latest.md'), renderBenchMarkdown(report));
  writeReadme(report);
  console.log('Rendered bench/results/latest.md and README.md from latest.json');
} else {
  const i = process.argv.indexOf('--only');
  const only = i > 0 ? new Set(process.argv[i + 1]?.split(',')) : undefined;
  const latest = path.join(resultsDir, 'latest.json');
  const report = await runBenchAll({
    steps: only ? STEPS.filter((s) => only.has(s.id)) : STEPS,
    keep: only && existsSync(latest) ? (JSON.parse(readFileSync(latest, 'utf8')) as BenchAllReport) : undefined,
    cwd: repoRoot,
    sizesFile: path.join(repoRoot, 'widget/dist/sizes.json'),
    resultsDir,
  });
  writeReadme(report);
  console.log(`\n${renderBenchMarkdown(report)}`);
  console.log(`Wrote ${path.relative(process.cwd(), resultsDir)}/latest.json and latest.md, and README.md's sizes`);
  process.exitCode = report.failures.length ? 1 : 0;
}
