import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The machine-readable form of a benchmark's figures, written by `--json <file>` and collected
// into one report by `npm run bench` (scripts/src/bench-all.ts).

/** A measured figure. Absolute numbers depend on the machine; read them next to their ratios. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

/** A ratio against a baseline measured in the same run (or a fixed reference, said in `baseline`). */
export interface BenchRatio {
  name: string;
  value: number;
  baseline: string;
  /** The project's target, e.g. `≥ 0.70`; absent when there is none. */
  target?: string;
  /** Whether `value` meets `target` (absent without a target). */
  met?: boolean;
}

export interface BenchSection {
  /** Short id: ingest, writer, query, sizes. */
  id: string;
  title: string;
  figures: BenchFigure[];
  ratios: BenchRatio[];
  /** How it was measured (durations, sizes, connections), for whoever reads the report later. */
  notes: string[];
  /** When and at which commit, if measured again after the report (`npm run bench -- --sizes`). */
  measured?: { at: string; commit?: string };
}

export interface BenchOutput {
  sections: BenchSection[];
}

/** `--json <file>` of a benchmark's argv, or undefined. */
export function jsonFlag(argv: readonly string[] = process.argv): string | undefined {
  const i = argv.indexOf('--json');
  if (i < 0) return undefined;
  const file = argv[i + 1];
  if (!file || file.startsWith('--')) throw new Error('--json needs a file name');
  return file;
}

/** `≥ 0.7` / `≤ 1.2` targets checked against a value. */
export function meets(value: number, target: string): boolean {
  const m = /^\s*(≥|>=|≤|<=)\s*([\d.]+)\s*$/.exec(target);
  if (!m) throw new Error(`unreadable target "${target}"`);
  const bound = Number(m[2]);
  return m[1] === '≥' || m[1] === '>=' ? value >= bound : value <= bound;
}

export function ratio(name: string, value: number, baseline: string, target?: string): BenchRatio {
  return target === undefined
    ? { name, value, baseline }
    : { name, value, baseline, target, met: meets(value, target) };
}

/** Written to a temporary name and renamed, so a reader never sees half a file. */
export function writeJsonFile(file: string, data: unknown): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`);
  renameSync(tmp, file);
}

export function writeBenchJson(file: string, sections: BenchSection[]): void {
  writeJsonFile(file, { sections } satisfies BenchOutput);
}
