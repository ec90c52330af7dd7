// What the overview's and series' counts by who the session is (db/schema/audience-session-rates.ts:
// the rates and their visitor sketches) cost the ingest writer, kept and dropped in the same
// process, alternating: the derivation profile of the same commits (bench/bench-derivations.ts),
// µs per stored event of the whole commit and of the audience page rates' two parts, whose reads
// of the touched sessions they share (the goals' read stays when they are dropped). On
// PostgreSQL (--postgres) the store's commits on a throwaway server.
// `npx tsx scripts/src/bench-audience-session-rate-writes.ts [--postgres] [--requests N] [--repeats N] [--rounds N]`
import { AudienceSessionRateDeltas } from '@loupe/server/internal';
import { benchKeptDropped, benchKeptDroppedPostgres, keptDroppedArgs } from './bench/bench-kept-dropped.js';

const args = keptDroppedArgs();
const { requests, repeats, rounds } = args;
const proto = AudienceSessionRateDeltas.prototype;
const methods = ['change', 'apply'];
if (args.postgres) await benchKeptDroppedPostgres(proto, methods, { label: 'sessions', requests, rounds });
else benchKeptDropped(proto, methods, ['audience page rates'], { label: 'sessions', requests, repeats, rounds });
