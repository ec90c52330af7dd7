import { sql } from 'drizzle-orm';
import { bigint, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/customer-traits.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const sessionTraits = pgTable(
  'session_traits',
  {
    siteId: text('site_id').notNull(),
    sessionId: text('session_id').notNull(),
    key: text('key').notNull(),
    value: text('value').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull().default(0),
    sampleLevel: bigint('sample_level', { mode: 'number' }).notNull().default(0),
    personLevel: bigint('person_level', { mode: 'number' }).notNull().default(0),
    tasks: bigint('tasks', { mode: 'number' }).notNull().default(0),
    visitorId: text('visitor_id'),
  },
  (t) => [
    primaryKey({ columns: [t.siteId, t.sessionId, t.key] }),
    index('session_traits_key_sample').on(t.siteId, t.key, t.value, t.sampleLevel, t.hour, t.sessionId),
    index('session_traits_key_person').on(t.siteId, t.key, t.value, t.personLevel, t.hour, t.sessionId, t.visitorId),
    index('session_traits_key_tasks').on(t.siteId, t.key, t.value, t.hour, t.sessionId).where(sql`${t.tasks} = 1`),
  ],
);

export const traitScoreRollups = pgTable(
  'trait_score_rollups',
  {
    siteId: text('site_id').notNull(),
    hour: bigint('hour', { mode: 'number' }).notNull(),
    traitKey: text('trait_key').notNull(),
    traitValue: text('trait_value').notNull(),
    promptId: text('prompt_id').notNull(),
    kind: text('kind').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    returning: bigint('returning', { mode: 'number' }).notNull(),
    score: bigint('score', { mode: 'number' }).notNull(),
    responses: counterColumn('responses'),
    comments: counterColumn('comments'),
  },
  (t) => [
    primaryKey({
      columns: [
        t.siteId,
        t.traitKey,
        t.traitValue,
        t.hour,
        t.promptId,
        t.kind,
        t.device,
        t.browser,
        t.language,
        t.returning,
        t.score,
      ],
    }),
  ],
);
