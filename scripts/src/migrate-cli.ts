// Applies the database's migrations without starting the server (the server applies them at every
// start too), e.g. before a rolling upgrade of several instances on PostgreSQL:
//   npm run -s migrate -- --db postgres://loupe@db.internal:5432/loupe
// Success prints exactly one line of JSON on stdout and exits 0; an error prints a message on
// stderr and exits 1, a usage mistake exits 2. Passwords in URLs are never printed.
import { processIo } from './cli/cli-io.js';
import { runMigrateCli } from './migrate/run-migrate-cli.js';

process.exitCode = await runMigrateCli(process.argv.slice(2), processIo);
