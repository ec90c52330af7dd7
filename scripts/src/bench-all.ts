import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BenchOutput, type BenchSection, writeJsonFile } from './bench/bench-report.js';
import { type BenchAllReport, type BenchFailure, renderBenchMarkdown } from './bench/render-bench-markdown.js';
import { widgetSizesSection } from './bench/widget-sizes-section.js';
import { repoRoot } from './testing/repo-root.js';

// `npm run bench`: every benchmark of the project in one go (after one build), each in its own
// process as its own npm script would run it, collected into bench/results/latest.json and
// latest.md. Sizes are moderate so the whole run takes a few minutes; each benchmark's own
// environment variables (BENCH_DURATION, …) still apply when set.

interface Step {
  id: string;
  script: string;
  args: string[];
  /** Defaults for this run; the caller's environment wins. */
  env: Record<string, string>;
}

const STEPS: Step[] = [
  // Ingest HTTP (vs an empty route) and the group-commit writer (vs raw better-sqlite3).
  { id: 'ingest', script: 'scripts/src/bench-ingest.ts', args: [], env: { BENCH_DURATION: '5' } },
];

const RESULTS = path.join(repoRoot, 'bench/results');

/** Runs one benchmark with `--json`, showing its output live; its sections, or why there are none. */
async function runStep(step: Step, tmp: string): Promise<BenchSection[] | BenchFailure> {
  const script = path.join(repoRoot, step.script);
  if (!existsSync(script)) return { id: step.id, reason: `${step.script} does not exist (yet)` };
  const out = path.join(tmp, `${step.id}.json`);
  console.log(`\n=== ${step.id}: ${step.script} ${step.args.join(' ')}`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...step.args, '--json', out], {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...step.env, ...process.env },
    });
    child.on('error', () => resolve(null));
    child.on('exit', (c) => resolve(c));
  });
  if (!existsSync(out)) return { id: step.id, reason: `exited with ${code} without writing its --json file` };
  const { sections } = JSON.parse(readFileSync(out, 'utf8')) as BenchOutput;
  if (code !== 0) return { id: step.id, reason: `exited with ${code} (its figures are not trustworthy, so they are left out)` };
  return sections;
}

function commit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-all-'));
  const sections: BenchSection[] = [];
  const failures: BenchFailure[] = [];
  const settings: Record<string, string> = {};
  try {
    for (const step of STEPS) {
      for (const [k, v] of Object.entries(step.env)) settings[k] = process.env[k] ?? v;
      const result = await runStep(step, tmp);
      if (Array.isArray(result)) sections.push(...result);
      else failures.push(result);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const sizes = path.join(repoRoot, 'widget/dist/sizes.json');
  if (existsSync(sizes)) sections.push(widgetSizesSection(sizes));
  else failures.push({ id: 'sizes', reason: 'widget/dist/sizes.json is missing: run `npm run build`' });

  const cpus = os.cpus();
  const report: BenchAllReport = {
    generatedAt: new Date().toISOString(),
    commit: commit(),
    machine: {
      node: process.versions.node,
      platform: `${os.platform()} ${os.arch()}`,
      cpu: cpus[0]?.model.trim() ?? 'unknown',
      cores: cpus.length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    },
    settings,
    sections,
    failures,
  };
  writeJsonFile(path.join(RESULTS, 'latest.json'), report);
  writeFileSync(path.join(RESULTS, 'latest.md'), renderBenchMarkdown(report));
  console.log(`\n${renderBenchMarkdown(report)}`);
  console.log(`Wrote ${path.relative(process.cwd(), path.join(RESULTS, 'latest.json'))} and latest.md`);
  return failures.length ? 1 : 0;
}

process.exitCode = await main();
