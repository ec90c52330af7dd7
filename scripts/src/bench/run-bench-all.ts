import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BenchOutput, type BenchSection, writeJsonFile } from './bench-report.js';
import { type BenchAllReport, type BenchFailure, renderBenchMarkdown } from './render-bench-markdown.js';
import { widgetSizesSection } from './widget-sizes-section.js';

export interface BenchStep {
  id: string;
  /** A TypeScript benchmark that accepts `--json <file>`. */
  script: string;
  args: string[];
  /** Defaults for this run; the caller's environment wins. */
  env: Record<string, string>;
}

export interface BenchAllOptions {
  steps: BenchStep[];
  /** Where relative step scripts live and where they run (the repository root). */
  cwd: string;
  /** widget/dist/sizes.json */
  sizesFile: string;
  /** bench/results: latest.json and latest.md are (over)written there. */
  resultsDir: string;
  /**
   * The report of an earlier run (`npm run bench -- --only <ids>`): its sections that the steps run
   * now do not write again are kept, and the report says from when.
   */
  keep?: BenchAllReport;
  /** Output of the steps: 'inherit' shows them live (npm run bench), 'ignore' for tests. */
  stdio?: 'inherit' | 'ignore';
}

/** Runs one benchmark with `--json`; its sections, or why there are none. */
async function runStep(step: BenchStep, opts: BenchAllOptions, tmp: string): Promise<BenchSection[] | BenchFailure> {
  const script = path.resolve(opts.cwd, step.script);
  if (!existsSync(script)) return { id: step.id, reason: `${step.script} does not exist` };
  const out = path.join(tmp, `${step.id}.json`);
  if (opts.stdio !== 'ignore') console.log(`\n=== ${step.id}: ${step.script} ${step.args.join(' ')}`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...step.args, '--json', out], {
      cwd: opts.cwd,
      stdio: opts.stdio ?? 'inherit',
      env: { ...step.env, ...process.env },
    });
    child.on('error', () => resolve(null));
    child.on('exit', (c) => resolve(c));
  });
  if (code !== 0)
    return { id: step.id, reason: `exited with ${code}; its figures, if any, are left out as untrustworthy` };
  if (!existsSync(out)) return { id: step.id, reason: 'exited without writing its --json file' };
  try {
    const { sections } = JSON.parse(readFileSync(out, 'utf8')) as BenchOutput;
    if (!Array.isArray(sections)) throw new Error('no sections array');
    return sections;
  } catch (err) {
    return { id: step.id, reason: `unreadable --json output: ${(err as Error).message}` };
  }
}

export function gitCommit(cwd: string): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Runs every step in turn (never in parallel: they would steal each other's cores), adds the
 * widget sizes, and writes one JSON and one Markdown report. A failed step is reported, not fatal.
 */
export async function runBenchAll(opts: BenchAllOptions): Promise<BenchAllReport> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-all-'));
  const sections: BenchSection[] = [];
  const failures: BenchFailure[] = [];
  const settings: Record<string, string> = {};
  try {
    for (const step of opts.steps) {
      for (const [k, v] of Object.entries(step.env)) settings[k] = process.env[k] ?? v;
      if (step.args.length) settings[`${step.id} args`] = step.args.join(' ');
      const result = await runStep(step, opts, tmp);
      if (Array.isArray(result)) sections.push(...result);
      else failures.push(result);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (opts.keep) {
    const fresh = new Set([...sections.map((s) => s.id), 'sizes']);
    const earlier = { at: opts.keep.generatedAt, commit: opts.keep.commit };
    // A kept section says when it was measured, or README's tables would date it to this run.
    const kept = opts.keep.sections
      .filter((s) => !fresh.has(s.id))
      .map((s) => ({ ...s, measured: s.measured ?? earlier }));
    if (kept.length) {
      sections.push(...kept);
      settings['kept from an earlier run'] =
        `${kept.map((s) => s.id).join(', ')} (${opts.keep.generatedAt}${opts.keep.commit ? ` at ${opts.keep.commit.slice(0, 12)}` : ''})`;
    }
  }
  if (existsSync(opts.sizesFile)) sections.push(widgetSizesSection(opts.sizesFile));
  else failures.push({ id: 'sizes', reason: `${path.basename(opts.sizesFile)} is missing: run \`npm run build\`` });

  const cpus = os.cpus();
  const report: BenchAllReport = {
    generatedAt: new Date().toISOString(),
    commit: gitCommit(opts.cwd),
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
  writeJsonFile(path.join(opts.resultsDir, 'latest.json'), report);
  const md = path.join(opts.resultsDir, 'latest.md');
  writeFileSync(`${md}.${process.pid}.tmp`, renderBenchMarkdown(report));
  renameSync(`${md}.${process.pid}.tmp`, md);
  return report;
}
