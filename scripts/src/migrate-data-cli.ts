// Copies a SQLite install into PostgreSQL, resumably, and verifies the copy:
//   npm run -s migrate-data -- --from ./data/loupe.db --to postgres://loupe@db.internal:5432/loupe
// Progress goes to stderr, a one-line JSON summary to stdout. Exit codes: 0 copied and verified,
// 1 failed (run it again to resume), 2 usage mistake, 3 target refused (it holds other data),
// 4 copied but the verification found differences. docs/postgresql.md has the details.
import { processIo } from './cli/cli-io.js';
import { runMigrateDataCli } from './migrate-data/run-migrate-data-cli.js';

process.exitCode = await runMigrateDataCli(process.argv.slice(2), processIo);
