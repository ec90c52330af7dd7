import type { Appearance, Frequency, PromptTexts, Targeting } from '@loupe/shared';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { sites } from './sites.js';

/**
 * Prompt definitions. The fields the API filters or the config query selects on are columns; the
 * nested parts (texts, targeting, frequency, appearance) are JSON validated by the shared zod schemas on the
 * way in, so they are read back without re-validation.
 */
export const prompts = sqliteTable(
  'prompts',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id')
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['nps', 'csat', 'ces'] }).notNull(),
    style: text('style', { enum: ['stars', 'faces'] }),
    /** active | paused | archived (deleted by its owner; kept so its answers keep their prompt). */
    status: text('status', { enum: ['active', 'paused', 'archived'] }).notNull(),
    defaultLanguage: text('default_language').notNull(),
    texts: text('texts', { mode: 'json' }).$type<Record<string, PromptTexts>>().notNull(),
    targeting: text('targeting', { mode: 'json' }).$type<Targeting>().notNull(),
    frequency: text('frequency', { mode: 'json' }).$type<Frequency>().notNull(),
    /** Null in prompts created before appearance existed: the site's look. */
    appearance: text('appearance', { mode: 'json' }).$type<Appearance>(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('prompts_site_idx').on(t.siteId, t.createdAt)],
);

/** Per-site prompt settings; a site without a row uses the defaults. */
export const promptSettings = sqliteTable('prompt_settings', {
  siteId: text('site_id')
    .primaryKey()
    .references(() => sites.id, { onDelete: 'cascade' }),
  globalCooldownDays: integer('global_cooldown_days').notNull(),
  /** The site's look for every prompt; null: the built-in look. */
  appearance: text('appearance', { mode: 'json' }).$type<Appearance>(),
  updatedAt: integer('updated_at').notNull(),
});
