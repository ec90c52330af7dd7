import type { Config } from './config.js';
import { DatabaseOpenError } from './db/database-open-error.js';

const LISTEN_PROBLEMS: Record<string, string> = {
  EADDRINUSE: 'another process already listens there. Stop it, or set PORT to a free port',
  EACCES: 'this user may not listen there (ports below 1024 need privileges). Set PORT to 1024 or above',
  EADDRNOTAVAIL: 'HOST is not an address of this machine. Set HOST to one of its addresses, or 0.0.0.0 for all',
  ENOTFOUND: 'HOST is not a name this machine can resolve. Set HOST to an address, e.g. 127.0.0.1 or 0.0.0.0',
};

/**
 * The operator-facing message for a start-up failure that is a setting to fix (the database file,
 * the port, the host), or undefined for anything else, which main.ts reports with its stack.
 */
export function startupErrorMessage(err: unknown, config: Config): string | undefined {
  if (err instanceof DatabaseOpenError) return err.message;
  // Errors thrown in the writer thread reach this one as plain Errors that keep their name.
  if (err instanceof Error && err.name === 'DatabaseOpenError') return err.message;
  const code = (err as { code?: unknown } | undefined)?.code;
  const problem = typeof code === 'string' ? LISTEN_PROBLEMS[code] : undefined;
  if (problem && (err as { syscall?: unknown }).syscall !== undefined) {
    return `Cannot listen on HOST=${config.host} PORT=${config.port}: ${problem} (${code}).`;
  }
  return undefined;
}
