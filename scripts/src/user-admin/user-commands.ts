import { emailSchema, newPasswordSchema, USER_ROLES, type UserRole } from '@loupe/shared';
import {
  createUser,
  DuplicateEmailError,
  findSiteById,
  findUser,
  grantSite,
  hashPassword,
  listUsers,
  removeUser,
  revokeSite,
  setPasswordHash,
  type Db,
} from '@loupe/server';
import { CommandError, UsageError } from '../site-admin/site-commands.js';

export interface UserArgs {
  email?: string;
  role?: string;
  site?: string[];
  passwordStdin?: boolean;
}

export const USER_COMMANDS = ['create', 'list', 'set-password', 'remove', 'grant', 'revoke'] as const;
export type UserCommand = (typeof USER_COMMANDS)[number];

const ALLOWED: Record<UserCommand, (keyof UserArgs)[]> = {
  create: ['email', 'role', 'site', 'passwordStdin'],
  list: [],
  'set-password': ['email', 'passwordStdin'],
  remove: ['email'],
  grant: ['email', 'site'],
  revoke: ['email', 'site'],
};

const flag = (key: keyof UserArgs) => (key === 'passwordStdin' ? 'password-stdin' : key);

export function checkUserOptions(command: UserCommand, args: UserArgs): void {
  for (const key of Object.keys(args) as (keyof UserArgs)[]) {
    const given = key === 'passwordStdin' ? args.passwordStdin === true : args[key] !== undefined;
    if (given && !ALLOWED[command].includes(key)) throw new UsageError(`${command} does not take --${flag(key)}`);
  }
  if (command !== 'list' && args.email === undefined) throw new UsageError(`${command} needs --email`);
  if ((command === 'create' || command === 'set-password') && !args.passwordStdin) {
    throw new UsageError(
      `${command} needs --password-stdin (the password is read from standard input, never from arguments)`,
    );
  }
  if ((command === 'grant' || command === 'revoke') && args.site?.length !== 1)
    throw new UsageError(`${command} needs exactly one --site`);
  if (args.role !== undefined && !(USER_ROLES as readonly string[]).includes(args.role)) {
    throw new UsageError(`--role must be ${USER_ROLES.join(' or ')}`);
  }
  if (args.role === 'owner' && args.site?.length) throw new UsageError('owners see every site: --site is for viewers');
}

const validEmail = (email: string): string => {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) throw new CommandError(`invalid --email "${email}": ${parsed.error.issues[0]?.message}`);
  return parsed.data;
};

const validPassword = (password: string): string => {
  const parsed = newPasswordSchema.safeParse(password);
  // Never echo the password, not even in an error.
  if (!parsed.success) throw new CommandError(`invalid password: it ${parsed.error.issues[0]?.message}`);
  return parsed.data;
};

function existingSite(db: Db, siteId: string): string {
  if (!findSiteById(db, siteId)) throw new CommandError(`no site with id ${siteId} (see: npm run -s site -- list)`);
  return siteId;
}

function existingUser(db: Db, email: string) {
  const user = findUser(db, email);
  if (!user) throw new CommandError(`no user with email ${email.trim()}`);
  return user;
}

/**
 * Runs one command and returns what is printed as one line of JSON. The password comes from
 * `readPassword` (standard input), is checked against the password rules, and is never printed.
 */
export async function runUserCommand(
  db: Db,
  command: UserCommand,
  args: UserArgs,
  readPassword: () => Promise<string>,
  warn: (msg: string) => void,
): Promise<unknown> {
  switch (command) {
    case 'create': {
      const email = validEmail(args.email!);
      const siteIds = (args.site ?? []).map((s) => existingSite(db, s));
      // Without --role: a viewer when sites are given, else an owner (the first user usually is).
      const role: UserRole = (args.role as UserRole | undefined) ?? (siteIds.length ? 'viewer' : 'owner');
      if (findUser(db, email)) throw new CommandError(`a user with email ${email} already exists`);
      const password = validPassword(await readPassword());
      if (role === 'viewer' && siteIds.length === 0)
        warn('warning: this viewer sees no site until you run grant --site');
      try {
        const user = createUser(db, { email, role, passwordHash: await hashPassword(password), siteIds });
        return { userId: user.userId };
      } catch (err) {
        if (err instanceof DuplicateEmailError) throw new CommandError(`a user with email ${email} already exists`);
        throw err;
      }
    }
    case 'list':
      return listUsers(db);
    case 'set-password': {
      const user = existingUser(db, args.email!);
      const password = validPassword(await readPassword());
      setPasswordHash(db, user.userId, await hashPassword(password));
      return { userId: user.userId, sessionsEnded: true };
    }
    case 'remove': {
      const user = existingUser(db, args.email!);
      removeUser(db, user.userId);
      return { userId: user.userId, removed: true };
    }
    case 'grant':
    case 'revoke': {
      const user = existingUser(db, args.email!);
      const siteId = existingSite(db, args.site![0]!);
      if (user.role === 'owner') warn('note: owners see every site; grants matter for viewers only');
      if (command === 'grant') grantSite(db, user.userId, siteId);
      else revokeSite(db, user.userId, siteId);
      return { userId: user.userId, sites: listUsers(db).find((u) => u.userId === user.userId)?.sites ?? [] };
    }
  }
}
