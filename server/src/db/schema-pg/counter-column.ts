import { bigint } from 'drizzle-orm/pg-core';

/** A rollup counter: starts at 0 and only ever has deltas added; 64-bit like SQLite's INTEGER. */
export const counterColumn = (name: string) => bigint(name, { mode: 'number' }).notNull().default(0);
