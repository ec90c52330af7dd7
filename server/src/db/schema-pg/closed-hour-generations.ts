import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of db/schema/closed-hour-generations.ts: the same table, columns and key,
// whose meaning is documented there; the types follow the mapping in schema-pg/index.ts.

export const closedHourGenerations = pgTable(
  'closed_hour_generations',
  {
    siteId: text('site_id').notNull(),
    day: bigint('day', { mode: 'number' }).notNull(),
    generation: bigint('generation', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.day] })],
);
