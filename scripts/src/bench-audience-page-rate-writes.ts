// What the audience page rates (db/schema/audience-page-rates.ts) cost the ingest writer, with the
// rates kept and with them dropped in the same process, alternating. On SQLite the derivation
// profile (bench/bench-derivations.ts) of the same commits, µs per stored event of the whole commit
// and of its two parts that keep them (the touched sessions read before the commit's writes, and
// after); on PostgreSQL (--postgres) the store's commits on a throwaway server, this process's CPU,
// the server's and the wall time per stored event. Both print the statements the rates run per
// commit (each a round trip on PostgreSQL).
// `npx tsx scripts/src/bench-audience-page-rate-writes.ts [--postgres] [--requests N] [--repeats N] [--rounds N]`
import { AudiencePageRateDeltas } from '@loupe/server/internal';
import { benchKeptDropped, benchKeptDroppedPostgres, keptDroppedArgs } from './bench/bench-kept-dropped.js';
import { countStatements } from './bench/count-statements.js';

const args = keptDroppedArgs();
const { requests, repeats, rounds } = args;
const proto = AudiencePageRateDeltas.prototype;
// Counted per call of `before`: once per commit.
const statements = countStatements(proto, ['before', 'apply']);
const methods = ['touch', 'before', 'apply'];
if (args.postgres) await benchKeptDroppedPostgres(proto, methods, { label: 'rates', requests, rounds });
else benchKeptDropped(proto, methods, ['audience page rates'], { label: 'rates', requests, repeats, rounds });
console.log(`statements per commit of 50 requests (the rates' reads and upserts): ${statements.perCall().toFixed(1)}`);
statements.restore();
