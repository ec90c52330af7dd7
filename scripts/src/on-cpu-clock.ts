import path from 'node:path';
import { pathToFileURL } from 'node:url';

// `npx tsx scripts/src/on-cpu-clock.ts scripts/src/bench-….ts [args…]`: runs a bench whose figures
// come from the derivation profile (`performance.now`) on the process's CPU clock instead of the
// wall clock, as bench-derivations-cpu.ts does for its own: a shared machine's wall time doubles
// between runs, its CPU time per unit of work barely moves.

Object.defineProperty(performance, 'now', {
  value: () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
});
const [bench, ...rest] = process.argv.slice(2);
if (bench === undefined) throw new Error('usage: on-cpu-clock.ts <bench script> [args…]');
process.argv = [process.argv[0]!, bench, ...rest];
await import(pathToFileURL(path.resolve(bench)).href);
