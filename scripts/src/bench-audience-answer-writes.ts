// What the audience counts (db/schema/audience-answers.ts) cost the ingest writer: the derivation
// profile (bench/bench-derivations.ts) of the same commits with the counts kept and with their
// deltas dropped in the same process, alternating, µs per stored event of the whole commit and of
// the two parts that count them (the customers' part: pages; the read model's: journeys).
// `npx tsx scripts/src/bench-audience-answer-writes.ts [--requests N] [--repeats N] [--rounds N]`
import { parseArgs } from 'node:util';
import { AudienceAnswerDeltas } from '@loupe/server/internal';
import { benchDerivations } from './bench/bench-derivations.js';

const { values: args } = parseArgs({
  options: { requests: { type: 'string' }, repeats: { type: 'string' }, rounds: { type: 'string' } },
});
const requests = Number(args.requests ?? 1000);
const repeats = Number(args.repeats ?? 3);
const rounds = Number(args.rounds ?? 2);
const PARTS = ['customers: identify', 'response friction', 'per event: sums'];

const proto = AudienceAnswerDeltas.prototype;
const kept = { addPathScore: proto.addPathScore, addJourney: proto.addJourney, apply: proto.apply };
const dropped = { addPathScore() {}, addJourney() {}, apply() {} };

console.log('counts    whole commit µs/event   parts µs/event');
for (let round = 0; round < rounds; round++) {
  for (const [name, impl] of [
    ['kept', kept],
    ['dropped', dropped],
  ] as const) {
    Object.assign(proto, impl);
    const r = benchDerivations('v7', requests, 50, repeats);
    const parts = r.parts
      .filter((p) => PARTS.some((x) => p.name.startsWith(x)))
      .map((p) => `${p.name.slice(0, 40)}: ${p.perEvent.toFixed(1)}`);
    console.log(`${name.padEnd(8)}  ${r.totalPerEvent.toFixed(1).padStart(22)}   ${parts.join('; ')}`);
  }
}
