// `npx tsx scripts/src/bench-derivations-cpu.ts [requests] [perCommit] [repeats]`: the writer's
// commit by derivation, on the process's CPU clock instead of the wall clock (a shared machine's
// wall time doubles between runs; its CPU time per unit of work barely moves), on the widget's
// measured batch sizes. µs of CPU per stored event, least of the runs (bench-derivations.ts).

import type { DerivationsResult } from './bench/bench-derivations.js';

// Before bench-derivations is imported (the type import above is erased, so it loads nothing):
// the derivation profile reads `performance.now`.
Object.defineProperty(performance, 'now', {
  value: () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  },
});

const { benchDerivations } = await import('./bench/bench-derivations.js');
const [requests = 2000, perCommit = 50, repeats = 3] = process.argv.slice(2).map(Number);
const d: DerivationsResult = benchDerivations('v4', requests, perCommit, repeats, 0, 'widget');
console.log(
  `${d.rows} event rows (${(d.rows / requests).toFixed(2)} per request) in ${d.commits} commits of ${perCommit} requests, least of ${repeats}: ${d.totalPerEvent.toFixed(1)} µs of CPU per event`,
);
for (const p of d.parts)
  console.log(`${p.perEvent.toFixed(2).padStart(8)} µs ${(p.share * 100).toFixed(1).padStart(5)} %  ${p.name}`);
