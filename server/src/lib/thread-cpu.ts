import { readFileSync, readlinkSync } from 'node:fs';

/**
 * CPU time the calling thread has spent so far, in microseconds, or undefined where the kernel does
 * not say. `process.cpuUsage()` sums every thread of the process (the writer thread, V8's helpers,
 * libuv's pool); Linux keeps each thread's own in `/proc/thread-self/schedstat` (nanoseconds on a
 * CPU, its first field), read synchronously, so by the thread that asks. For measurements only:
 * the benchmarks charge each thread its own work.
 */
export function threadCpuMicros(): number | undefined {
  try {
    const ns = Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ', 1)[0]);
    return Number.isFinite(ns) ? ns / 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The calling thread's id in the kernel (its tid: `/proc/thread-self` links to `<pid>/task/<tid>`),
 * or undefined where there is none to read. For measurements only: a benchmark places a thread on
 * a CPU by it (`taskset --pid <tid>`).
 */
export function osThreadId(): number | undefined {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1));
    return Number.isInteger(tid) ? tid : undefined;
  } catch {
    return undefined;
  }
}
