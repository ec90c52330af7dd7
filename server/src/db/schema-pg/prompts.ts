import type { Appearance, Frequency, PromptTexts, Targeting } from '@loupe/shared';
import { bigint, index, json, pgTable, text } from 'drizzle-orm/pg-core';
import { sites } from './sites.js';

// The PostgreSQL twin of db/schema/prompts.ts: the same tables, columns and keys, whose meaning is
// documented there; the types follow the mapping in schema-pg/index.ts.

export const prompts = pgTable(
  'prompts',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['nps', 'csat', 'ces'] }).notNull(),
    style: text('style', { enum: ['stars', 'faces'] }),
    status: text('status', { enum: ['active', 'paused', 'archived'] }).notNull(),
    defaultLanguage: text('default_language').notNull(),
    texts: json('texts').$type<Record<string, PromptTexts>>().notNull(),
    targeting: json('targeting').$type<Targeting>().notNull(),
    frequency: json('frequency').$type<Frequency>().notNull(),
    appearance: json('appearance').$type<Appearance>(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('prompts_site_idx').on(t.siteId, t.createdAt)],
);

export const promptSettings = pgTable('prompt_settings', {
  siteId: text('site_id')
    .primaryKey()
    .references(() => sites.id, { onDelete: 'cascade' }),
  globalCooldownDays: bigint('global_cooldown_days', { mode: 'number' }).notNull(),
  appearance: json('appearance').$type<Appearance>(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});
