// Dashboard users on the server's own database, for operators with shell access:
//   printf '%s\n' "$PASSWORD" | npm run -s user -- create --email ann@shop.example --password-stdin
// Success prints exactly one line of JSON on stdout (list: one JSON array of users) and exits 0;
// an error prints a message on stderr and exits 1, a usage mistake exits 2. Passwords are read from
// standard input only (never from arguments, which other users of the machine can see) and are
// never printed.
import { processIo } from './cli/cli-io.js';
import { runUserCli } from './user-admin/run-user-cli.js';

process.exitCode = await runUserCli(process.argv.slice(2), processIo);
