import { spawn } from 'node:child_process';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.js';
import { repoRoot } from '../../src/testing/index.js';

/** What a command-line tool did: its exit code and everything it printed. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A CLI's runner in this process (runSiteCli, runUserCli), with `stdin` as its standard input:
 * what `npm run -s <tool> --` prints and exits with (its entry file only hands over the
 * process's streams).
 */
export async function runInProcess(
  run: (args: string[], io: CliIo) => Promise<number>,
  args: string[],
  env: Record<string, string>,
  stdin = '',
): Promise<CliRun> {
  const result = { code: 0, stdout: '', stderr: '' };
  result.code = await run(args, {
    stdout: (text) => (result.stdout += text),
    stderr: (text) => (result.stderr += text),
    stdin: Readable.from(stdin ? [Buffer.from(stdin)] : []),
    env,
  });
  return result;
}

/**
 * A script of scripts/src run exactly as `npm run -s …` runs it (node with tsx), as a child
 * process with `env` over this one's and `stdin` through a pipe; killed after `timeoutMs`.
 */
export function runScript(
  script: string,
  args: string[],
  opts: { env: Record<string, string>; stdin?: string; timeoutMs?: number },
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'scripts/src', script), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...opts.env },
      timeout: opts.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(opts.stdin ?? '');
  });
}

/** Success means exit code 0 and exactly one line of JSON on stdout; answers that JSON. */
export function oneJsonLine(run: CliRun): unknown {
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout.endsWith('\n')).toBe(true);
  expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
  return JSON.parse(run.stdout);
}
