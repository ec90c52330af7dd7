import { bigint, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of db/schema/response-traits.ts, whose meaning is documented there.

export const responseTraits = pgTable(
  'response_traits',
  {
    siteId: text('site_id').notNull(),
    displayId: text('display_id').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
    sampleLevel: bigint('sample_level', { mode: 'number' }).notNull().default(0),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [
    // Named: the generated name passes PostgreSQL's 63 characters.
    primaryKey({
      name: 'response_traits_pkey',
      columns: [t.siteId, t.key, t.value, t.sampleLevel, t.createdAt, t.displayId],
    }),
    uniqueIndex('response_traits_site_display_key').on(t.siteId, t.displayId, t.key),
  ],
);
