// What the audience page rates (db/schema/audience-page-rates.ts) cost the ingest writer: the
// derivation profile (bench/bench-derivations.ts) of the same commits with the rates kept and with
// them dropped in the same process, alternating, µs per stored event of the whole commit and of
// its two parts that keep them (each touched session read before the commit's writes, and after).
// `npx tsx scripts/src/bench-audience-page-rate-writes.ts [--requests N] [--repeats N] [--rounds N]`
import { parseArgs } from 'node:util';
import { AudiencePageRateDeltas } from '@loupe/server/internal';
import { benchDerivations } from './bench/bench-derivations.js';

const { values: args } = parseArgs({
  options: { requests: { type: 'string' }, repeats: { type: 'string' }, rounds: { type: 'string' } },
});
const requests = Number(args.requests ?? 1000);
const repeats = Number(args.repeats ?? 3);
const rounds = Number(args.rounds ?? 2);
const PARTS = ['audience page rates'];

const proto = AudiencePageRateDeltas.prototype;
const kept = { touch: proto.touch, before: proto.before, apply: proto.apply };
const dropped = { touch() {}, before() {}, apply() {} };

console.log('rates     whole commit µs/event   parts µs/event');
for (let round = 0; round < rounds; round++) {
  for (const [name, impl] of [
    ['kept', kept],
    ['dropped', dropped],
  ] as const) {
    Object.assign(proto, impl);
    const r = benchDerivations('v7', requests, 50, repeats);
    const parts = r.parts
      .filter((p) => PARTS.some((x) => p.name.startsWith(x)))
      .map((p) => `${p.name.slice(0, 48)}: ${p.perEvent.toFixed(1)}`);
    console.log(`${name.padEnd(8)}  ${r.totalPerEvent.toFixed(1).padStart(22)}   ${parts.join('; ')}`);
  }
}
