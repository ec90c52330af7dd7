// What the audience page rates (db/schema/audience-page-rates.ts) cost the ingest writer: the
// derivation profile (bench/bench-derivations.ts) of the same commits with the rates kept and with
// them dropped in the same process, alternating, µs per stored event of the whole commit and of
// its two parts that keep them (each touched session read before the commit's writes, and after).
// `npx tsx scripts/src/bench-audience-page-rate-writes.ts [--requests N] [--repeats N] [--rounds N]`
import { parseArgs } from 'node:util';
import { AudiencePageRateDeltas } from '@loupe/server/internal';
import { benchKeptDropped } from './bench/bench-kept-dropped.js';

const { values: args } = parseArgs({
  options: { requests: { type: 'string' }, repeats: { type: 'string' }, rounds: { type: 'string' } },
});
const requests = Number(args.requests ?? 1000);
const repeats = Number(args.repeats ?? 3);
const rounds = Number(args.rounds ?? 2);
benchKeptDropped(AudiencePageRateDeltas.prototype, ['touch', 'before', 'apply'], ['audience page rates'], {
  label: 'rates',
  requests,
  repeats,
  rounds,
});
