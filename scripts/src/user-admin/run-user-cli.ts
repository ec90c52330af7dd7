import { parseArgs } from 'node:util';
import { loadConfig, migrateDatabase, openDatabase } from '@loupe/server';
import type { CliIo } from '../cli/cli-io.js';
import { CommandError, UsageError } from '../site-admin/site-commands.js';
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
  --db PATH         the database (default: $LOUPE_DB, else ./data/loupe.db); migrations are applied first
  -h, --help        show this help

Passwords: 10 to 256 characters, not a well-known one. Owners see and change every site; viewers
read the sites granted to them.`;

/** `npm run -s user -- …` with `argv` (the arguments after the script): the exit code. */
export async function runUserCli(argv: string[], io: CliIo): Promise<number> {
  const usage = (problem: string): number => {
    io.stderr(`error: ${problem}\n\n${USAGE}\n`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        email: { type: 'string' },
        role: { type: 'string' },
        site: { type: 'string', multiple: true },
        'password-stdin': { type: 'boolean' },
        db: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return usage((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  const [command, ...extra] = positionals;
  if (!command) return usage('missing command');
  if (!(USER_COMMANDS as readonly string[]).includes(command)) return usage(`unknown command "${command}"`);
  if (extra.length > 0) return usage(`unexpected argument "${extra[0]}"`);
  const args = { email: values.email, role: values.role, site: values.site, passwordStdin: values['password-stdin'] };

  try {
    checkUserOptions(command as UserCommand, args);
    const dbPath = loadConfig({ LOUPE_DB: values.db ?? io.env.LOUPE_DB }).dbPath;
    const db = openDatabase(dbPath);
    try {
      migrateDatabase(db);
      const result = await runUserCommand(
        db,
        command as UserCommand,
        args,
        () => readPassword(io.stdin, io.stderr),
        (msg) => io.stderr(`${msg}\n`),
      );
      io.stdout(`${JSON.stringify(result)}\n`);
      return 0;
    } finally {
      db.$client.close();
    }
  } catch (err) {
    if (err instanceof UsageError) return usage(err.message);
    const message = err instanceof CommandError ? err.message : `cannot run ${command}: ${(err as Error).message}`;
    io.stderr(`error: ${message}\n`);
    return 1;
  }
}
