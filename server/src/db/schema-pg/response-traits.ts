import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of db/schema/response-traits.ts, whose meaning is documented there. Its
// primary key INCLUDEs the answer's figures (migration 0038, by hand: drizzle cannot say INCLUDE),
// where SQLite keeps a second index (response_traits_figures): the same index-only read of an
// audience's score figures without a second copy of the key.

export const responseTraits = pgTable(
  'response_traits',
  {
    siteId: text('site_id').notNull(),
    displayId: text('display_id').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
    sampleLevel: bigint('sample_level', { mode: 'number' }).notNull().default(0),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    kind: text('kind').notNull().default(''),
    score: bigint('score', { mode: 'number' }).notNull().default(0),
    commented: bigint('commented', { mode: 'number' }).notNull().default(0),
    path: text('path').notNull().default(''),
    device: text('device').notNull().default(''),
    browser: text('browser').notNull().default(''),
    language: text('language').notNull().default(''),
    resolvedAt: bigint('resolved_at', { mode: 'number' }),
  },
  (t) => [
    // Named: the generated name passes PostgreSQL's 63 characters.
    primaryKey({
      name: 'response_traits_pkey',
      columns: [t.siteId, t.key, t.value, t.sampleLevel, t.createdAt, t.displayId],
    }),
    uniqueIndex('response_traits_site_display_key').on(t.siteId, t.displayId, t.key),
    index('response_traits_resolved')
      .on(t.siteId, t.key, t.value, t.resolvedAt, t.createdAt, t.sampleLevel, t.displayId)
      .where(sql`resolved_at IS NOT NULL`),
  ],
);
