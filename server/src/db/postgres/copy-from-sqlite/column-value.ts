import type { CopyColumn, PgColumnType } from './copy-plan.js';

/** A SQLite value PostgreSQL's column cannot hold as it is (a fraction in a bigint, 2 in a boolean). */
export class ValueConversionError extends Error {}

/**
 * SQLite's value (read with safeIntegers: INTEGER as BigInt) as the parameter node-postgres sends
 * for a column of `column.type`; NULL stays null. Exact: a bigint goes as its decimal text, never
 * through a double, and JSON text goes as written (json keeps it byte for byte).
 */
export function toPostgresValue(column: CopyColumn, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'bigint':
      if (typeof value === 'bigint') return value.toString();
      if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value).toString();
      break;
    case 'boolean':
      if (value === 0n || value === 1n) return value === 1n;
      break;
    case 'double precision':
      if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
      break;
    case 'text':
    case 'json':
    case 'jsonb':
      if (typeof value === 'string') return value;
      break;
    case 'bytea':
      if (Buffer.isBuffer(value)) return value;
      break;
  }
  throw new ValueConversionError(`${column.name}: ${describe(value)} does not fit a ${column.type} column`);
}

function describe(value: unknown): string {
  if (Buffer.isBuffer(value)) return `a ${value.length}-byte blob`;
  return `the ${typeof value} ${String(value).slice(0, 40)}`;
}

/**
 * One value as the text the content digest hashes, the same from either side: SQLite's raw value
 * (BigInt, number, string, Buffer) or what node-postgres returns for the column (int8 as a string,
 * float8 as a number, json and jsonb selected as ::text). jsonb normalises key order and spacing,
 * so both sides' JSON is parsed and written back with sorted keys.
 */
export function canonicalValue(type: PgColumnType, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'bigint':
      return typeof value === 'string' ? value : BigInt(value as number | bigint).toString();
    case 'boolean':
      return value === true || value === 1n || value === 1
        ? 't'
        : value === false || value === 0n || value === 0
          ? 'f'
          : '?';
    case 'double precision':
      return String(Number(value));
    case 'jsonb':
      return sortedJson(JSON.parse(String(value)));
    case 'bytea':
      return Buffer.isBuffer(value) ? value.toString('hex') : `?${String(value)}`;
    default:
      return String(value);
  }
}

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
