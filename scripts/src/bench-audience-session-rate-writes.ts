// What the overview's and series' counts by who the session is (db/schema/audience-session-rates.ts:
// the rates and their visitor sketches) cost the ingest writer, kept and dropped in the same
// process, alternating: the derivation profile of the same commits (bench/bench-derivations.ts),
// µs per stored event of the whole commit and of the audience page rates' two parts, whose reads
// of the touched sessions they share (the goals' read stays when they are dropped). On
// PostgreSQL (--postgres) the store's commits on a throwaway server.
// `npx tsx scripts/src/bench-audience-session-rate-writes.ts [--postgres] [--requests N] [--repeats N] [--rounds N]`
import { parseArgs } from 'node:util';
import { AudienceSessionRateDeltas } from '@loupe/server/internal';
import { benchKeptDropped, benchKeptDroppedPostgres } from './bench/bench-kept-dropped.js';

const { values: args } = parseArgs({
  options: {
    postgres: { type: 'boolean' },
    requests: { type: 'string' },
    repeats: { type: 'string' },
    rounds: { type: 'string' },
  },
});
const requests = Number(args.requests ?? (args.postgres ? 300 : 1000));
const repeats = Number(args.repeats ?? 3);
const rounds = Number(args.rounds ?? 2);
const proto = AudienceSessionRateDeltas.prototype;
const methods = ['change', 'apply'];
if (args.postgres) await benchKeptDroppedPostgres(proto, methods, { label: 'sessions', requests, rounds });
else benchKeptDropped(proto, methods, ['audience page rates'], { label: 'sessions', requests, repeats, rounds });
