import { type ChildProcess, spawn } from 'node:child_process';

export interface Spawned {
  child: ChildProcess;
  /** Everything printed so far on stdout and stderr. */
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches (or rejects when the process exits first or time runs out). */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resolves when stdout closes: every process holding it (grandchildren too) has exited. */
  stdoutClosed: Promise<void>;
  /** SIGTERM (so a wrapper can stop its own children), then SIGKILL after 5 s (cleanup). */
  dispose(): Promise<void>;
}

/** A child process whose output the test can read while it runs. */
export function spawnProcess(
  command: string,
  args: string[],
  opts: { env: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number },
): Spawned {
  const child = spawn(command, args, {
    env: opts.env,
    cwd: opts.cwd,
    uid: opts.uid,
    gid: opts.gid,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stdoutClosed = new Promise<void>((resolve) => child.stdout!.once('close', () => resolve()));
  let done = false;
  void exited.then(() => (done = true));

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    stdoutClosed,
    async waitForStdout(pattern, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = out.match(pattern);
        if (match) return match;
        if (done) throw new Error(`exited before printing ${pattern}:\n${out}\n${err}`);
        if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${out}\n${err}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async dispose() {
      if (done) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
