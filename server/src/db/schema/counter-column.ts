import { integer } from 'drizzle-orm/sqlite-core';

/** A rollup counter: an integer that starts at 0 and only ever has deltas added to it. */
export const counterColumn = (name: string) => integer(name).notNull().default(0);
