import { toPostgresValue, ValueConversionError } from './column-value.js';
import type { CopyColumn, PgColumnType, TableCopy } from './copy-plan.js';

export interface ColumnArrays {
  /** One array literal per column, `table.derived` last. */
  literals: string[];
  /** events' partition key per row (the months the chunk needs); empty for other tables. */
  clientTs: number[];
}

/**
 * A chunk of SQLite rows (raw: each row its values in `table.columns` order) as one PostgreSQL
 * array literal per column: the parameters of unnestInsertSql's statement. One text parameter per
 * column, however many rows: PostgreSQL parses each array once, where a multi-row VALUES list cost
 * a parameter (and its parse and bind) per value and stopped at 65,535 of them.
 */
export function columnArrays(table: TableCopy, rows: unknown[][]): ColumnArrays {
  const columns = [...table.columns, ...table.derived];
  const elements = columns.map(() => new Array<string>(rows.length));
  const clientTs = table.name === 'events' ? eventClientTs(table) : undefined;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let c = 0; c < table.columns.length; c++) {
      const column = table.columns[c]!;
      elements[c]![r] = arrayElement(column.type, converted(table, column, row, c));
    }
    if (clientTs) elements[table.columns.length]![r] = clientTs(row);
  }
  const literals = elements.map((e) => `{${e.join(',')}}`);
  return { literals, clientTs: clientTs ? elements[table.columns.length]!.map(Number) : [] };
}

function converted(table: TableCopy, column: CopyColumn, row: unknown[], index: number): unknown {
  try {
    return toPostgresValue(column, row[index]);
  } catch (err) {
    if (!(err instanceof ValueConversionError)) throw err;
    const key = table.key.map((k) => `${k.name}=${String(row[table.columns.indexOf(k)])}`).join(', ');
    throw new ValueConversionError(`${table.name} (${key}): ${err.message}`);
  }
}

/**
 * One converted value (toPostgresValue's) as an element of an array literal: NULL unquoted;
 * numbers and booleans bare (they hold no character the literal gives a meaning to); text, JSON
 * and bytea's hex quoted, with backslashes and double quotes escaped
 * (https://www.postgresql.org/docs/15/arrays.html#ARRAYS-IO).
 */
export function arrayElement(type: PgColumnType, value: unknown): string {
  if (value === null) return 'NULL';
  switch (type) {
    case 'bigint':
      return value as string;
    case 'boolean':
      return value ? 't' : 'f';
    case 'double precision':
      return String(value);
    case 'bytea':
      return `"\\\\x${(value as Buffer).toString('hex')}"`;
    default:
      return quoted(value as string);
  }
}

const SPECIAL = /["\\]/g;

function quoted(text: string): string {
  return `"${text.includes('"') || text.includes('\\') ? text.replace(SPECIAL, '\\$&') : text}"`;
}

/**
 * events' partition key on PostgreSQL: the time the client stamped, which SQLite keeps in the
 * payload as clientTs when the stored ts was corrected for clock skew, and which is ts otherwise
 * (ingest-row.ts writes both).
 */
function eventClientTs(table: TableCopy): (row: unknown[]) => string {
  const payload = table.columns.findIndex((c) => c.name === 'payload');
  const ts = table.columns.findIndex((c) => c.name === 'ts');
  return (row) => {
    const own = (JSON.parse(String(row[payload])) as { clientTs?: unknown }).clientTs;
    return typeof own === 'number' && Number.isSafeInteger(own) ? String(own) : String(row[ts]);
  };
}
