import { parseArgs } from 'node:util';
import { loadConfig, migrateDatabase, openDatabase } from '@loupe/server';
import type { CliIo } from '../cli/cli-io.js';
import { checkOptions, type Command, CommandError, COMMANDS, runSiteCommand, UsageError } from './site-commands.js';

const USAGE = `Usage: npm run -s site -- <command> [options]

Commands:
  create --name NAME [--origin ORIGIN]... [--time-zone ZONE]
                                           create a site; prints {"siteId","publicKey","secretKey"}
  list                                     print all sites as one JSON array (no secrets)
  update --site SITE_ID [--name NAME] [--time-zone ZONE]
                                           rename a site or set its IANA time zone (default UTC)
  rotate-secret --site SITE_ID             new secret key (the old one stops working); prints the keys
  add-origin --site SITE_ID --origin ORIGIN  allow one more origin; prints {"siteId","origins"}

Options:
  --db PATH    the database (default: $LOUPE_DB, else ./data/loupe.db); migrations are applied first
  -h, --help   show this help

The secret key is shown only by create and rotate-secret: it is stored as a hash.`;

/** `npm run -s site -- …` with `argv` (the arguments after the script): the exit code. */
export function runSiteCli(argv: string[], io: CliIo): number {
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
        name: { type: 'string' },
        origin: { type: 'string', multiple: true },
        site: { type: 'string' },
        'time-zone': { type: 'string' },
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
  if (!(COMMANDS as readonly string[]).includes(command)) return usage(`unknown command "${command}"`);
  if (extra.length > 0) return usage(`unexpected argument "${extra[0]}"`);
  const args = { name: values.name, origin: values.origin, site: values.site, timeZone: values['time-zone'] };

  try {
    checkOptions(command as Command, args);
    const dbPath = loadConfig({ LOUPE_DB: values.db ?? io.env.LOUPE_DB }).dbPath;
    const db = openDatabase(dbPath);
    try {
      migrateDatabase(db);
      const result = runSiteCommand(db, command as Command, args, (msg) => io.stderr(`${msg}\n`));
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
