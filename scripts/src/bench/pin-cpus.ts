import { execFileSync } from 'node:child_process';
import os from 'node:os';

// On a machine of 2 cores, a load generator that shares the server's core measures itself as much
// as the server. Where `taskset` exists (util-linux) and there are 2 cores or more, the generator
// (this process, every thread) goes on CPU 1 and the server (its process, every thread: event loop,
// writer thread, libuv's pool) on CPU 0. BENCH_PIN=0 leaves both to the scheduler.
//
// BENCH_PIN=split moves the server's writer thread to CPU 1, beside the generator: a deployment on
// 2 cores runs the commits beside the event loop, not on its core, and /v1/collect is the only
// route with work on that thread (the empty and validation routes are unchanged by it). The
// generator's own CPU at collect's rates is a few per cent of its core.

export interface Pinning {
  /** How the run was placed, for the report. */
  description: string;
  pinned: boolean;
}

function taskset(cpu: number, pid: number, allTasks = true): boolean {
  try {
    execFileSync('taskset', [...(allTasks ? ['--all-tasks'] : []), '--cpu-list', '--pid', String(cpu), String(pid)], {
      stdio: 'ignore',
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Pins the generator (this process) and the server (`serverPid`) apart, when the machine allows;
 * with BENCH_PIN=split, the server's writer thread (`writerThread`, its kernel id) beside the generator.
 */
export function pinApart(serverPid: number, writerThread?: number): Pinning {
  const mode = process.env.BENCH_PIN;
  if (mode === '0') return { pinned: false, description: 'not pinned (BENCH_PIN=0)' };
  if (os.cpus().length < 2) return { pinned: false, description: 'not pinned (one CPU)' };
  if (!(taskset(1, process.pid) && taskset(0, serverPid)))
    return { pinned: false, description: 'not pinned (taskset unavailable or refused)' };
  if (mode === 'split') {
    if (writerThread !== undefined && taskset(1, writerThread, false))
      return {
        pinned: true,
        description: "taskset: load generator and the server's writer thread on CPU 1, the rest of the server on CPU 0",
      };
    return {
      pinned: true,
      description: 'taskset: BENCH_PIN=split found no writer thread; generator on CPU 1, server on CPU 0',
    };
  }
  return { pinned: true, description: 'taskset: load generator on CPU 1, server (all its threads) on CPU 0' };
}
