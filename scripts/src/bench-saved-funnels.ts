// What saved funnels cost the ingest writer: the derivation profile (bench/bench-derivations.ts) of
// the same commits with 0, 1, 3 and 10 saved funnels on the site, µs per stored event of the funnel
// steps' derivation (which counts the saved funnels), of goal conversion by page and by answer band,
// and of the whole commit.
// `npx tsx scripts/src/bench-saved-funnels.ts [--requests N] [--repeats N]`
import { parseArgs } from 'node:util';
import { benchDerivations } from './bench/bench-derivations.js';

const { values: args } = parseArgs({ options: { requests: { type: 'string' }, repeats: { type: 'string' } } });
const requests = Number(args.requests ?? 2000);
const repeats = Number(args.repeats ?? 3);
const STEPS_PART = 'funnel steps (session_steps, session_reaches, funnel_keys, saved funnels)';
const PAGE_PART = 'goal conversion by page';
const BAND_PART = 'goal conversion by answer band';

console.log(
  'saved funnels   funnel steps µs/event   page conversion µs/event   band conversion µs/event   whole commit µs/event',
);
let base: number | undefined;
for (const n of [0, 1, 3, 10]) {
  const r = benchDerivations('v7', requests, 50, repeats, n);
  const steps = r.parts.find((p) => p.name === STEPS_PART)?.perEvent ?? Number.NaN;
  const page = r.parts.find((p) => p.name === PAGE_PART)?.perEvent ?? Number.NaN;
  const band = r.parts.find((p) => p.name === BAND_PART)?.perEvent ?? Number.NaN;
  base ??= steps;
  console.log(
    `${String(n).padStart(13)}   ${steps.toFixed(1).padStart(12)} (+${(steps - base).toFixed(1)})   ${page.toFixed(1).padStart(24)}   ${band.toFixed(1).padStart(24)}   ${r.totalPerEvent.toFixed(1).padStart(21)}`,
  );
}
