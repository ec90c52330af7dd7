/// <reference path="./libpq.d.ts" />
import type { ResultErrorFields } from 'libpq';

/**
 * better-sqlite3's error codes for PostgreSQL's constraint SQLSTATEs: code that catches a
 * duplicate (`SQLITE_CONSTRAINT_UNIQUE`) works on both engines without a second branch.
 */
const SQLITE_CODES: Record<string, string> = {
  '23505': 'SQLITE_CONSTRAINT_UNIQUE',
  '23503': 'SQLITE_CONSTRAINT_FOREIGNKEY',
  '23502': 'SQLITE_CONSTRAINT_NOTNULL',
  '23514': 'SQLITE_CONSTRAINT_CHECK',
};

/** A statement PostgreSQL refused: `code` as better-sqlite3 would name it, `sqlState` as PostgreSQL does. */
export class PostgresError extends Error {
  readonly code: string;
  readonly sqlState: string | undefined;
  constructor(message: string, fields: ResultErrorFields | null, sql?: string) {
    super(sql === undefined ? message : `${message} (in: ${sql.slice(0, 200)})`);
    this.name = 'PostgresError';
    this.sqlState = fields?.sqlState;
    this.code = (this.sqlState && SQLITE_CODES[this.sqlState]) ?? `PG_${this.sqlState ?? 'ERROR'}`;
  }
}
