import { execFileSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeJsonFile } from './bench/bench-report.js';
import { checkRuns } from './bench/widget-peers/check-runs.js';
import {
  renderWidgetPeersMarkdown,
  renderWidgetPeersReadme,
  replaceReadmeBlock,
  type WidgetPeersResult,
} from './bench/widget-peers/render-widget-peers.js';
import { runWidgetPeers } from './bench/widget-peers/run-widget-peers.js';
import { summarizeWidgetPeers } from './bench/widget-peers/summarize-widget-peers.js';
import { repoRoot } from './testing/repo-root.js';

// `npm run bench:widget`: Loupe's widget next to PostHog (with surveys), Sentry and Plausible on
// the demo shop's product page, in one Chromium, against the same page with no script. Writes
// bench/results/widget-peers.{json,md} and the summary block of README.md.
//
//   BENCH_WIDGET_RUNS       runs per contestant and scenario (default 3: about 6 minutes here; medians)
//   BENCH_WIDGET_WINDOW_MS  the page window after `load` (default 5000)
//   BENCH_WIDGET_VISIT_MS   the scripted visit before the heap is read (default 30000)
//   BENCH_WIDGET_CPU_FACTOR the modelled device's slowdown for long tasks (default 4)
//   --render                only re-render widget-peers.md and README.md from widget-peers.json

const RESULTS = path.join(repoRoot, 'bench/results');
const JSON_FILE = path.join(RESULTS, 'widget-peers.json');
const MD_FILE = path.join(RESULTS, 'widget-peers.md');
const README = path.join(repoRoot, 'README.md');

const positive = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number, not "${process.env[name]}"`);
  return v;
};

function writeText(file: string, text: string) {
  writeFileSync(`${file}.${process.pid}.tmp`, text);
  renameSync(`${file}.${process.pid}.tmp`, file);
}

function render(result: WidgetPeersResult) {
  writeText(MD_FILE, renderWidgetPeersMarkdown(result));
  writeText(README, replaceReadmeBlock(readFileSync(README, 'utf8'), renderWidgetPeersReadme(result)));
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

async function main() {
  if (process.argv.includes('--render')) {
    render(JSON.parse(readFileSync(JSON_FILE, 'utf8')) as WidgetPeersResult);
    console.log(
      `Rendered ${path.relative(process.cwd(), MD_FILE)} and the README block from ${path.relative(process.cwd(), JSON_FILE)}`,
    );
    return;
  }
  const options = {
    runs: Math.round(positive('BENCH_WIDGET_RUNS', 3)),
    afterLoadMs: positive('BENCH_WIDGET_WINDOW_MS', 5000),
    interactionMs: positive('BENCH_WIDGET_VISIT_MS', 30_000),
    cpuFactor: positive('BENCH_WIDGET_CPU_FACTOR', 4),
  };
  const started = Date.now();
  const log = (line: string) =>
    console.log(`[${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s] ${line}`);
  const raw = await runWidgetPeers({ ...options, log });
  const problems = checkRuns(raw);
  if (problems.length) {
    console.error(
      `\nThe runs are not trustworthy, results left as they were:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    process.exitCode = 1;
    return;
  }
  const env = Object.entries({
    BENCH_WIDGET_RUNS: options.runs,
    BENCH_WIDGET_WINDOW_MS: options.afterLoadMs,
    BENCH_WIDGET_VISIT_MS: options.interactionMs,
    BENCH_WIDGET_CPU_FACTOR: options.cpuFactor,
  })
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const result: WidgetPeersResult = {
    generatedAt: new Date().toISOString(),
    commit: gitCommit(),
    command: `${env} npm run bench:widget`,
    raw,
    summary: summarizeWidgetPeers(raw),
  };
  writeJsonFile(JSON_FILE, result);
  render(result);
  console.log(`\n${renderWidgetPeersMarkdown(result)}`);
  console.log(`Wrote ${path.relative(process.cwd(), JSON_FILE)}, widget-peers.md and the README block`);
}

await main();
