import { runAdminCli } from '../cli/admin-cli.js';
import type { CliIo } from '../cli/cli-io.js';
import { checkOptions, type Command, COMMANDS, runSiteCommand } from './site-commands.js';

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
  --db PATH    the database, a SQLite file or a postgres:// URL (default: $LOUPE_DB,
               else $DATABASE_URL, else ./data/loupe.db); migrations are applied first
  -h, --help   show this help

The secret key is shown only by create and rotate-secret: it is stored as a hash.`;

/** `npm run -s site -- …` with `argv` (the arguments after the script): the exit code. */
export function runSiteCli(argv: string[], io: CliIo): Promise<number> {
  return runAdminCli(
    {
      usage: USAGE,
      options: {
        name: { type: 'string' },
        origin: { type: 'string', multiple: true },
        site: { type: 'string' },
        'time-zone': { type: 'string' },
      },
      commands: COMMANDS,
      args(command: Command, values) {
        const args = { name: values.name, origin: values.origin, site: values.site, timeZone: values['time-zone'] };
        checkOptions(command, args);
        return args;
      },
      run: (db, command, args) => runSiteCommand(db, command, args, (msg) => io.stderr(`${msg}\n`)),
    },
    argv,
    io,
  );
}
