// What the overview's resolutions by who answered (db/schema/audience-resolutions.ts) cost the
// ingest writer, kept and dropped in the same process, alternating: the derivation profile of the
// same commits (bench/bench-derivations.ts), µs per stored event of the whole commit and of the
// audience page rates' "after" part, where the sessions whose returning flag changed (every new
// returning session) have their resolved answers read and moved (one read per commit and site).
// A new answer is open, so ingestion adds nothing else; a resolved answer's merged score or
// comment moves its rows as the resolution counts' did. On PostgreSQL (--postgres) the store's
// commits on a throwaway server.
// `npx tsx scripts/src/bench-audience-resolution-writes.ts [--postgres] [--requests N] [--repeats N] [--rounds N]`
import { ReturningFlagMoves } from '@loupe/server/internal';
import { benchKeptDropped, benchKeptDroppedPostgres, keptDroppedArgs } from './bench/bench-kept-dropped.js';

const args = keptDroppedArgs();
const { requests, repeats, rounds } = args;
const proto = ReturningFlagMoves.prototype;
const methods = ['flagged', 'apply'];
if (args.postgres) await benchKeptDroppedPostgres(proto, methods, { label: 'flags', requests, rounds });
else benchKeptDropped(proto, methods, ['audience page rates'], { label: 'flags', requests, repeats, rounds });
