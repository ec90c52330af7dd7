import { bigint, index, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

// The PostgreSQL twin of db/schema/funnels.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const funnelKeys = pgTable(
  'funnel_keys',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    siteId: text('site_id').notNull(),
    kind: text('kind', { enum: ['page', 'track'] }).notNull(),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('funnel_keys_site_kind_name').on(t.siteId, t.kind, t.name)],
);

export const sessionSteps = pgTable(
  'session_steps',
  {
    siteId: text('site_id').notNull(),
    sessionId: text('session_id').notNull(),
    firstTs: bigint('first_ts', { mode: 'number' }).notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    steps: text('steps').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.sessionId] }),
    index('session_steps_site_first_ts').on(t.siteId, t.firstTs),
  ],
);

export const sessionReaches = pgTable(
  'session_reaches',
  {
    siteId: text('site_id').notNull(),
    sessionId: text('session_id').notNull(),
    keyId: bigint('key_id', { mode: 'number' }).notNull(),
    firstTs: bigint('first_ts', { mode: 'number' }).notNull(),
    sampleLevel: bigint('sample_level', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.sessionId, t.keyId] }),
    index('session_reaches_key_sample').on(t.siteId, t.keyId, t.sampleLevel, t.firstTs, t.sessionId),
  ],
);
