import { createSiteBodySchema, originSchema, updateSiteBodySchema } from '@loupe/shared';
import {
  addOrigin,
  createSite,
  listSites,
  MAX_SAFETY_TTL_MS,
  rotateSecret,
  sendChangeNotice,
  updateSite,
  type Db,
} from '@loupe/server';

/** A usage mistake (exit 2): wrong command, missing or misplaced option. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A well-formed request that cannot be done (exit 1): invalid value, unknown site. */
export class CommandError extends Error {
  override name = 'CommandError';
}

export interface SiteArgs {
  name?: string;
  origin?: string[];
  site?: string;
  timeZone?: string;
}

export const COMMANDS = ['create', 'list', 'update', 'rotate-secret', 'add-origin'] as const;
export type Command = (typeof COMMANDS)[number];

/** Which options each command takes; anything else is a usage error rather than silently ignored. */
const ALLOWED: Record<Command, (keyof SiteArgs)[]> = {
  create: ['name', 'origin', 'timeZone'],
  list: [],
  update: ['site', 'name', 'timeZone'],
  'rotate-secret': ['site'],
  'add-origin': ['site', 'origin'],
};

export function checkOptions(command: Command, args: SiteArgs): void {
  for (const key of Object.keys(args) as (keyof SiteArgs)[]) {
    if (args[key] !== undefined && !ALLOWED[command].includes(key)) {
      throw new UsageError(`${command} does not take --${key === 'timeZone' ? 'time-zone' : key}`);
    }
  }
  if (command === 'create' && args.name === undefined) throw new UsageError('create needs --name');
  if ((command === 'update' || command === 'rotate-secret' || command === 'add-origin') && !args.site) {
    throw new UsageError(`${command} needs --site <siteId> (see: list)`);
  }
  if (command === 'update' && args.name === undefined && args.timeZone === undefined) {
    throw new UsageError('update needs --name and/or --time-zone');
  }
  if (command === 'add-origin' && args.origin?.length !== 1) {
    throw new UsageError('add-origin needs exactly one --origin');
  }
}

const validOrigin = (origin: string): string => {
  const parsed = originSchema.safeParse(origin);
  if (!parsed.success) throw new CommandError(`invalid origin "${origin}": ${parsed.error.issues[0]?.message}`);
  return parsed.data;
};

/** "invalid --time-zone: …" from the first zod issue of a site body. */
function invalidOption(issue: { path: PropertyKey[]; message: string } | undefined): string {
  const option = issue?.path[0] === 'timeZone' ? 'time-zone' : String(issue?.path[0] ?? 'option');
  return `invalid --${option}: ${issue?.message}`;
}

/**
 * Runs one command and returns what is printed as one line of JSON. Secret keys appear only in
 * the output of create and rotate-secret, exactly as over HTTP.
 */
export function runSiteCommand(db: Db, command: Command, args: SiteArgs, warn: (msg: string) => void): unknown {
  const result = runCommand(db, command, args, warn);
  // Every command but list wrote a site's row: running servers drop what they cached of it, as
  // after the same change over HTTP (sites-routes.ts), not at their cache's next safety TTL.
  if (command === 'list') return result;
  try {
    sendChangeNotice(db, { topic: 'sites', siteId: (result as { siteId: string }).siteId });
  } catch (err) {
    // The change has committed (PostgreSQL went away after it): it stands, and its result (a new
    // secret key, shown only now) must still be printed. Exit 0, so that no script runs it again.
    warn(
      `warning: the change is saved, but running servers could not be told of it at once ` +
        `(${(err as Error).message.replace(/\s+/g, ' ').trim()}); each one drops its cached copy of the site within ` +
        `${MAX_SAFETY_TTL_MS / 1000} s anyway`,
    );
  }
  return result;
}

function runCommand(db: Db, command: Command, args: SiteArgs, warn: (msg: string) => void): unknown {
  switch (command) {
    case 'create': {
      const origins = (args.origin ?? []).map(validOrigin);
      const body = createSiteBodySchema.safeParse({ name: args.name, origins, timeZone: args.timeZone });
      if (!body.success) throw new CommandError(invalidOption(body.error.issues[0]));
      if (origins.length === 0) {
        warn('warning: no --origin given; browsers will be refused until you run add-origin');
      }
      const site = createSite(db, body.data);
      return { siteId: site.siteId, publicKey: site.publicKey, secretKey: site.secretKey };
    }
    case 'list':
      return listSites(db);
    case 'update': {
      const body = updateSiteBodySchema.safeParse({ name: args.name, timeZone: args.timeZone });
      if (!body.success) throw new CommandError(invalidOption(body.error.issues[0]));
      const site = updateSite(db, args.site!, body.data);
      if (!site) throw new CommandError(`no site with id ${args.site}`);
      return { siteId: site.siteId, name: site.name, timeZone: site.timeZone };
    }
    case 'rotate-secret': {
      const site = rotateSecret(db, args.site!);
      if (!site) throw new CommandError(`no site with id ${args.site}`);
      return { siteId: site.siteId, publicKey: site.publicKey, secretKey: site.secretKey };
    }
    case 'add-origin': {
      const origin = validOrigin(args.origin![0]!);
      const site = addOrigin(db, args.site!, origin);
      if (!site) throw new CommandError(`no site with id ${args.site}`);
      return { siteId: site.siteId, origins: site.origins };
    }
  }
}
