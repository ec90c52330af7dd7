import type { CopyColumn } from './copy-plan.js';

/**
 * The statement that writes a chunk: each column's values arrive as one array (column-arrays.ts)
 * and unnest turns them back into rows. Its text depends on the table alone, so the copy prepares
 * it once per table and binds each chunk to it; rows already there (a chunk written again after a
 * lost progress mark) are skipped.
 */
export function unnestInsertSql(table: string, columns: CopyColumn[]): string {
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const arrays = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ');
  return `INSERT INTO "${table}" (${names}) SELECT * FROM unnest(${arrays}) ON CONFLICT DO NOTHING`;
}
