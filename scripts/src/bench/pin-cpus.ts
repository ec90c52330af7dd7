import { execFileSync } from 'node:child_process';
import os from 'node:os';

// On a machine of 2 cores, a load generator that shares the server's core measures itself as much
// as the server. Where `taskset` exists (util-linux) and there are 2 cores or more, the generator
// (this process, every thread) goes on CPU 1 and the server (its process, every thread: event loop,
// writer thread, libuv's pool) on CPU 0. BENCH_PIN=0 leaves both to the scheduler.

export interface Pinning {
  /** How the run was placed, for the report. */
  description: string;
  pinned: boolean;
}

function taskset(cpu: number, pid: number): boolean {
  try {
    execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pins the generator (this process) and the server (`serverPid`) apart, when the machine allows. */
export function pinApart(serverPid: number): Pinning {
  if (process.env.BENCH_PIN === '0') return { pinned: false, description: 'not pinned (BENCH_PIN=0)' };
  if (os.cpus().length < 2) return { pinned: false, description: 'not pinned (one CPU)' };
  if (taskset(1, process.pid) && taskset(0, serverPid))
    return { pinned: true, description: 'taskset: load generator on CPU 1, server (all its threads) on CPU 0' };
  return { pinned: false, description: 'not pinned (taskset unavailable or refused)' };
}
