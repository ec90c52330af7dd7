import { runAdminCli } from '../cli/admin-cli.js';
import type { CliIo } from '../cli/cli-io.js';
import { readPassword } from './read-password.js';
import { checkUserOptions, runUserCommand, USER_COMMANDS, type UserCommand } from './user-commands.js';

const USAGE = `Usage: npm run -s user -- <command> [options]

Commands:
  create --email EMAIL --password-stdin [--role owner|viewer] [--site SITE_ID]...
                                   create a user; prints {"userId"}. Without --role: a viewer of the
                                   --site sites when some are given, else an owner
  list                             print all users as one JSON array (email, role, granted sites)
  set-password --email EMAIL --password-stdin
                                   replace the password; ends every session of that user
  remove --email EMAIL             delete the user and end their sessions
  grant --email EMAIL --site SITE_ID    let a viewer read one more site
  revoke --email EMAIL --site SITE_ID   take that site away again

Options:
  --password-stdin  read the password from standard input (one trailing newline is dropped);
                    on a terminal, prompt for it without echo
  --db PATH         the database, a SQLite file or a postgres:// URL (default: $LOUPE_DB,
                    else $DATABASE_URL, else ./data/loupe.db); migrations are applied first
  -h, --help        show this help

Passwords: 10 to 256 characters, not a well-known one. Owners see and change every site; viewers
read the sites granted to them.`;

/** `npm run -s user -- …` with `argv` (the arguments after the script): the exit code. */
export function runUserCli(argv: string[], io: CliIo): Promise<number> {
  return runAdminCli(
    {
      usage: USAGE,
      options: {
        email: { type: 'string' },
        role: { type: 'string' },
        site: { type: 'string', multiple: true },
        'password-stdin': { type: 'boolean' },
      },
      commands: USER_COMMANDS,
      args(command: UserCommand, values) {
        const args = {
          email: values.email,
          role: values.role,
          site: values.site,
          passwordStdin: values['password-stdin'],
        };
        checkUserOptions(command, args);
        return args;
      },
      run: (db, command, args) =>
        runUserCommand(
          db,
          command,
          args,
          () => readPassword(io.stdin, io.stderr),
          (msg) => io.stderr(`${msg}\n`),
        ),
    },
    argv,
    io,
  );
}
