import { randomBytes } from 'node:crypto';
import {
  DEFAULT_GLOBAL_PROMPT_COOLDOWN_DAYS,
  type Prompt,
  type PromptDefinition,
  type PromptSettings,
  type PublicPrompt,
  toPublicPrompt,
  withTargetingDefaults,
} from '@loupe/shared';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/open-database.js';
import { prompts, promptSettings } from '../../db/schema/index.js';

type PromptRow = typeof prompts.$inferSelect;

export const newPromptId = (): string => `pr_${randomBytes(12).toString('base64url')}`;

const toDefinition = (r: PromptRow): PromptDefinition => ({
  name: r.name,
  kind: r.kind,
  ...(r.style ? { style: r.style } : {}),
  status: r.status,
  defaultLanguage: r.defaultLanguage,
  texts: r.texts,
  // Rows written before rule groups and appearance existed lack them: their defaults.
  targeting: withTargetingDefaults(r.targeting),
  frequency: r.frequency,
  appearance: r.appearance ?? {},
});

const toPrompt = (r: PromptRow): Prompt => ({
  id: r.id,
  ...toDefinition(r),
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

const columns = (d: PromptDefinition) => ({
  name: d.name,
  kind: d.kind,
  style: d.style ?? null,
  status: d.status,
  defaultLanguage: d.defaultLanguage,
  texts: d.texts,
  targeting: d.targeting,
  frequency: d.frequency,
  appearance: d.appearance,
});

const bySiteAndId = (siteId: string, id: string) => and(eq(prompts.siteId, siteId), eq(prompts.id, id));

/**
 * Creation order. Prompts created within one millisecond (a script, the demo seeding) share
 * created_at, and their random ids would shuffle them: the rowid keeps the insertion order.
 */
const creationOrder = [asc(prompts.createdAt), asc(sql`rowid`)];

/** In creation order, which is also the priority order the widget uses. */
export function listPrompts(db: Db, siteId: string): Prompt[] {
  return db
    .select()
    .from(prompts)
    .where(eq(prompts.siteId, siteId))
    .orderBy(...creationOrder)
    .all()
    .map(toPrompt);
}

export function countPrompts(db: Db, siteId: string): number {
  return db.select({ n: count() }).from(prompts).where(eq(prompts.siteId, siteId)).get()?.n ?? 0;
}

/** Another site's prompt is simply not found: ids never leak across sites. */
export function findPrompt(db: Db, siteId: string, id: string): Prompt | undefined {
  const row = db.select().from(prompts).where(bySiteAndId(siteId, id)).get();
  return row && toPrompt(row);
}

export function createPrompt(db: Db, siteId: string, def: PromptDefinition): Prompt {
  const now = Date.now();
  const row = db
    .insert(prompts)
    .values({ id: newPromptId(), siteId, ...columns(def), createdAt: now, updatedAt: now })
    .returning()
    .get();
  return toPrompt(row);
}

export function replacePrompt(db: Db, siteId: string, id: string, def: PromptDefinition): Prompt | undefined {
  const row = db
    .update(prompts)
    .set({ ...columns(def), updatedAt: Date.now() })
    .where(bySiteAndId(siteId, id))
    .returning()
    .get();
  return row && toPrompt(row);
}

export function deletePrompt(db: Db, siteId: string, id: string): boolean {
  return db.delete(prompts).where(bySiteAndId(siteId, id)).run().changes > 0;
}

export function getPromptSettings(db: Db, siteId: string): PromptSettings {
  const row = db.select().from(promptSettings).where(eq(promptSettings.siteId, siteId)).get();
  return {
    globalCooldownDays: row?.globalCooldownDays ?? DEFAULT_GLOBAL_PROMPT_COOLDOWN_DAYS,
    appearance: row?.appearance ?? {},
  };
}

export function putPromptSettings(db: Db, siteId: string, s: PromptSettings): PromptSettings {
  const values = { globalCooldownDays: s.globalCooldownDays, appearance: s.appearance, updatedAt: Date.now() };
  db.insert(promptSettings)
    .values({ siteId, ...values })
    .onConflictDoUpdate({ target: promptSettings.siteId, set: values })
    .run();
  return getPromptSettings(db, siteId);
}

/**
 * The active prompts in priority order, as the widget reads them (toPublicPrompt: rules
 * compiled, frequency as waits, the site's appearance under each prompt's own).
 */
export function activePublicPrompts(db: Db, siteId: string, siteAppearance: PromptSettings['appearance']): PublicPrompt[] {
  return db
    .select()
    .from(prompts)
    .where(and(eq(prompts.siteId, siteId), eq(prompts.status, 'active')))
    .orderBy(...creationOrder)
    .all()
    .map((r) => toPublicPrompt(r.id, toDefinition(r), siteAppearance));
}
