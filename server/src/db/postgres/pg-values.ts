/** A value better-sqlite3 accepts as a parameter. */
export type SqlValue = string | number | bigint | boolean | Buffer | Uint8Array | null | undefined;

/**
 * A parameter as PostgreSQL's text format, bound the way SQLite would store it: booleans as 1 and 0
 * (PostgreSQL reads '1'/'0' as an int8 or as a boolean, whichever the column is), BLOBs as bytea hex.
 */
export function encodeParameter(value: SqlValue): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
}

// Type OIDs (pg_type.oid; fixed for built-in types).
const BOOL = 16;
const BYTEA = 17;
const INT8 = 20;
const INT2 = 21;
const INT4 = 23;
const OID = 26;
const FLOAT4 = 700;
const FLOAT8 = 701;
const NUMERIC = 1700;

const NUMBER_TYPES = new Set([INT8, INT2, INT4, OID, FLOAT4, FLOAT8, NUMERIC]);

/**
 * A column value as better-sqlite3 returns SQLite's: every number a JS number (int8, and the numeric
 * that SUM(int8) and AVG give, included), booleans 1 and 0, bytea a Buffer, and everything else the
 * text PostgreSQL sent (json and jsonb included, as SQLite's JSON is text).
 */
export function decodeValue(type: number, text: string): string | number | Buffer {
  if (NUMBER_TYPES.has(type)) return Number(text);
  if (type === BOOL) return text === 't' ? 1 : 0;
  if (type === BYTEA) return Buffer.from(text.slice(2), 'hex');
  return text;
}
