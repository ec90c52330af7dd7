// Site administration on the server's own database, for operators with shell access:
//   npm run -s site -- create --name Shop --origin https://shop.example
// Success prints exactly one line of JSON on stdout (list: one JSON array of sites) and exits 0;
// an error prints a message on stderr and exits 1, a usage mistake exits 2.
import { processIo } from './cli/cli-io.js';
import { runSiteCli } from './site-admin/run-site-cli.js';

process.exitCode = await runSiteCli(process.argv.slice(2), processIo);
