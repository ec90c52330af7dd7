// What the audience counts (db/schema/audience-answers.ts) cost the ingest writer: the derivation
// profile (bench/bench-derivations.ts) of the same commits with the counts kept and with their
// deltas dropped in the same process, alternating, µs per stored event of the whole commit and of
// the two parts that count them (the customers' part: pages; the read model's: journeys and the
// friction cubes). `--friction` drops only the friction counts' deltas (the others kept both ways).
// `npx tsx scripts/src/bench-audience-answer-writes.ts [--requests N] [--repeats N] [--rounds N] [--friction]`
import { parseArgs } from 'node:util';
import { AudienceAnswerDeltas } from '@loupe/server/internal';
import { benchKeptDropped } from './bench/bench-kept-dropped.js';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string' },
    repeats: { type: 'string' },
    rounds: { type: 'string' },
    friction: { type: 'boolean' },
  },
});
const requests = Number(args.requests ?? 1000);
const repeats = Number(args.repeats ?? 3);
const rounds = Number(args.rounds ?? 2);
benchKeptDropped(
  AudienceAnswerDeltas.prototype,
  args.friction ? ['addFriction'] : ['addPathScore', 'addJourney', 'addFriction', 'apply'],
  ['customers: identify', 'response friction', 'per event: sums'],
  {
    label: 'counts',
    requests,
    repeats,
    rounds,
  },
);
