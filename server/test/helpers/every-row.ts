import { storedTables } from '../../src/db/stored-tables.js';
import type { TestApp } from './test-app.js';

/**
 * Every row of every table as JSON text (every text, JSON and blob column), each with its table:
 * what "this id or this site is nowhere any more" is checked against, so a table added later is covered.
 * On PostgreSQL a partitioned table is read once, through its parent (storedTables).
 */
export function everyRow(t: TestApp): { table: string; row: string }[] {
  const client = t.app.db.$client;
  return storedTables(client).flatMap(({ name }) =>
    (client.prepare(`SELECT * FROM "${name}"`).all() as object[]).map((r) => ({ table: name, row: JSON.stringify(r) })),
  );
}
