import os from 'node:os';
import { profileLoupe } from './bench/widget-peers/profile-loupe.js';

// `npm run bench:widget-profile`: where widget.js spends its main-thread time on the bench's page,
// function by function (the DevTools CPU profiler, names through widget/dist's source maps). Needs
// a built widget and server (`npm run build`). Prints; writes nothing.
//
//   BENCH_PROFILE_RUNS      page loads profiled (default 5; the table is the mean per load)
//   BENCH_PROFILE_WINDOW_MS the window after `load` (default 5000, as `npm run bench:widget`)
//   BENCH_PROFILE_TARGET    page (default: the prompt targets another page) or survey (shown here)
//   BENCH_PROFILE_BUILD     production (default: widget.js as served) or dev (/dev/widget.js, not
//                           minified: each function keeps its own frame instead of being inlined)
//   BENCH_PROFILE_DISABLE   the snippet's data-disable, e.g. "clicks vitals": what the others cost
//   BENCH_PROFILE_TOP       functions listed (default 40)

const num = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a number ≥ 0, not "${process.env[name]}"`);
  return v;
};

const target = process.env.BENCH_PROFILE_TARGET ?? 'page';
if (target !== 'page' && target !== 'survey') throw new Error(`BENCH_PROFILE_TARGET must be page or survey`);
const build = process.env.BENCH_PROFILE_BUILD ?? 'production';
if (build !== 'production' && build !== 'dev') throw new Error(`BENCH_PROFILE_BUILD must be production or dev`);
const load = os.loadavg();
const result = await profileLoupe({
  runs: Math.max(1, Math.round(num('BENCH_PROFILE_RUNS', 5))),
  afterLoadMs: num('BENCH_PROFILE_WINDOW_MS', 5000),
  target,
  build,
  disable: process.env.BENCH_PROFILE_DISABLE,
});
const top = Math.round(num('BENCH_PROFILE_TOP', 40));
const ms = (v: number) => v.toFixed(2).padStart(7);
console.log(
  `Load average ${load.map((l) => l.toFixed(1)).join(' / ')} at the start, ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} at the end.`,
);
console.log(
  `Loupe's files: ${result.loupeMs.toFixed(1)} ms per page load (median; samples weighted by their task's CPU share).\n`,
);
console.log('   self   total  function (mean ms per load)');
for (const f of result.functions.slice(0, top)) console.log(`${ms(f.selfMs)} ${ms(f.totalMs)}  ${f.fn}`);
console.log('\n   self  source file');
for (const [file, v] of result.files.slice(0, top)) console.log(`${ms(v)}  ${file}`);
