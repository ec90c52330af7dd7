import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Where the data lives: a SQLite file (what the server serves from) or a PostgreSQL database. */
/** Where the server's data live, and how it opens them (`cacheMb`: the requests' connection's SQLite page cache). */
export type DatabaseConfig =
  | { kind: 'sqlite'; path: string; cacheMb?: number }
  | { kind: 'postgres'; url: string; poolSize: number };

/** What one LOUPE_DB or DATABASE_URL value names, before the pool size is added. */
export type DatabaseLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export const DEFAULT_SQLITE_PATH = './data/loupe.db';

const ACCEPTED = 'a SQLite file path, a file: URL, or a postgres:// (postgresql://) URL';

/**
 * One LOUPE_DB or DATABASE_URL value (empty means unset, as in an env file's `DATABASE_URL=`).
 * Messages never repeat the value: a PostgreSQL URL may hold a password, and start-up errors go
 * to logs.
 */
export const databaseLocation = z.preprocess(
  (v) => (v === '' ? undefined : v),
  z
    .string()
    .transform((value, ctx): DatabaseLocation => {
      const location = parseLocation(value);
      if (typeof location === 'string') {
        ctx.addIssue({ code: 'custom', message: location });
        return z.NEVER;
      }
      return location;
    })
    .optional(),
);

/** The location, or the reason it is not one (without the value). */
function parseLocation(value: string): DatabaseLocation | string {
  if (/^postgres(ql)?:/i.test(value)) return parsePostgresUrl(value);
  if (/^file:/i.test(value)) {
    // SQLite's URI options (?mode=ro, ?cache=shared) would change what Loupe's own pragmas rely on.
    if (/[?#]/.test(value)) return 'a file: URL here takes no query or fragment (Loupe sets SQLite’s options)';
    if (/^file:\/\//i.test(value)) {
      try {
        return { kind: 'sqlite', path: fileURLToPath(value) };
      } catch {
        return 'is not a file URL of this machine (file:///absolute/path/loupe.db)';
      }
    }
    // `file:./data/loupe.db`, as SQLite and most ORMs read it: a path relative to the working folder.
    const rest = value.slice('file:'.length);
    return rest === '' ? 'a file: URL needs a path' : { kind: 'sqlite', path: path.resolve(rest) };
  }
  // Another scheme (mysql://, sqlite://) is a mistake, not a file name with a colon in it.
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1];
  if (scheme !== undefined) return `the scheme ${scheme}: is not supported; expected ${ACCEPTED}`;
  return { kind: 'sqlite', path: value === ':memory:' ? value : path.resolve(value) };
}

function parsePostgresUrl(value: string): DatabaseLocation | string {
  if (!/^postgres(ql)?:\/\//i.test(value) || !URL.canParse(value)) {
    return 'is not a valid PostgreSQL URL (postgres://user:password@host:5432/database)';
  }
  const url = new URL(value);
  // node-postgres takes a socket folder as ?host=/var/run/postgresql when the URL names no host.
  if (url.hostname === '' && !url.searchParams.get('host')) {
    return 'the PostgreSQL URL names no server (postgres://user:password@host:5432/database)';
  }
  return { kind: 'postgres', url: value };
}

/** The URL with its password replaced, for messages and logs. */
export function redactedUrl(url: string): string {
  if (!URL.canParse(url)) return '(a URL that does not parse)';
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  for (const key of [...parsed.searchParams.keys()]) {
    if (key.toLowerCase() === 'password') parsed.searchParams.set(key, '***');
  }
  return parsed.toString();
}
