// What the answers by who gave them at three grains (db/schema/audience-score-counts.ts) cost the
// ingest writer: the derivation profile (bench/bench-derivations.ts) of the same commits with
// their deltas kept and dropped in the same process, alternating, µs per stored event of the
// whole commit and of the customers' part that adds them.
// `npx tsx scripts/src/bench-audience-score-writes.ts [--requests N] [--repeats N] [--rounds N]`
import { parseArgs } from 'node:util';
import { AudienceScoreCountDeltas } from '@loupe/server/internal';
import { benchKeptDropped } from './bench/bench-kept-dropped.js';

const { values: args } = parseArgs({
  options: { requests: { type: 'string' }, repeats: { type: 'string' }, rounds: { type: 'string' } },
});
benchKeptDropped(AudienceScoreCountDeltas.prototype, ['add', 'apply'], ['customers: identify'], {
  label: 'counts',
  requests: Number(args.requests ?? 1000),
  repeats: Number(args.repeats ?? 3),
  rounds: Number(args.rounds ?? 2),
});
