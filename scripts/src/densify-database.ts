// Makes a database K times as dense over the same time range and sites, for measuring the read
// routes at sizes the seeder takes hours to reach (docs/query-speed.md, "At 10 M events"):
//   npm run -s densify -- --from /tmp/copy-1m.db --to /tmp/copy-10m.db --factor 10
// Every visitor-level row (events, answers, sessions and what is kept per session, visitor,
// customer and task run) is repeated K−1 more times under fresh ids, the same way in every table
// that names them; counters keep their keys and are multiplied by K; vitals histograms' buckets
// too; the distinct-visitor sketches get the copies' visitors added as ingest adds them. The table
// list (scripts/src/densify/densify-tables.ts) classifies every table: one it does not know makes
// it refuse. --from is only read; --to must not exist. Progress goes to stderr, a JSON summary to stdout.
import { parseArgs } from 'node:util';
import { densifyDatabase } from './densify/densify.js';

const USAGE = 'Usage: npm run -s densify -- --from FILE --to FILE --factor K';

function main(): number {
  let args;
  try {
    args = parseArgs({
      options: { from: { type: 'string' }, to: { type: 'string' }, factor: { type: 'string' } },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!args.from || !args.to || !args.factor) {
    console.error(USAGE);
    return 2;
  }
  try {
    const result = densifyDatabase({
      from: args.from,
      to: args.to,
      factor: Number(args.factor),
      log: (line) => console.error(`densify: ${line}`),
    });
    console.log(JSON.stringify({ to: args.to, factor: Number(args.factor), ...result }));
    return 0;
  } catch (err) {
    console.error(`densify: ${(err as Error).message}`);
    return 1;
  }
}

process.exitCode = main();
