import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type Db, loadDatabaseConfig, openServerDatabase } from '@loupe/server';
import { CommandError, UsageError } from '../site-admin/site-commands.js';
import type { CliIo } from './cli-io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The options every administration CLI takes besides its own. */
const COMMON = {
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

type Values<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: O & typeof COMMON }>
>['values'];

/** One administration CLI (`npm run -s site`, `npm run -s user`): what admin-cli needs to run it. */
export interface AdminCli<O extends Options, C extends string, A> {
  usage: string;
  /** Its own options; --db and -h/--help are added. */
  options: O;
  commands: readonly C[];
  /** The command's arguments from the option values; throws UsageError before the database is opened. */
  args(command: C, values: Values<O>): A;
  /** Runs the command on the migrated database: its result is printed as one line of JSON. */
  run(db: Db, command: C, args: A): unknown;
}

/**
 * Runs an administration CLI with `argv` (the arguments after the script): the exit code. 0 when
 * the command ran (or --help), 1 when it failed, 2 for a usage mistake (the usage follows).
 */
export async function runAdminCli<O extends Options, C extends string, A>(
  cli: AdminCli<O, C, A>,
  argv: string[],
  io: CliIo,
): Promise<number> {
  const usage = (problem: string): number => {
    io.stderr(`error: ${problem}\n\n${cli.usage}\n`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...cli.options, ...COMMON } });
  } catch (err) {
    return usage((err as Error).message);
  }
  const { positionals } = parsed;
  const values = parsed.values as Values<O>;
  const common = parsed.values as { db?: string; help?: boolean };
  if (common.help) {
    io.stdout(`${cli.usage}\n`);
    return 0;
  }
  const [command, ...extra] = positionals;
  if (!command) return usage('missing command');
  if (!(cli.commands as readonly string[]).includes(command)) return usage(`unknown command "${command}"`);
  if (extra.length > 0) return usage(`unexpected argument "${extra[0]}"`);

  try {
    const args = cli.args(command as C, values);
    // The server's database, opened as the server opens it: --db, else LOUPE_DB, else DATABASE_URL
    // (a SQLite file or a PostgreSQL URL).
    const env =
      common.db === undefined
        ? { LOUPE_DB: io.env.LOUPE_DB, DATABASE_URL: io.env.DATABASE_URL }
        : { LOUPE_DB: common.db };
    const db = await openServerDatabase(loadDatabaseConfig(env));
    try {
      const result = await cli.run(db, command as C, args);
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
