import { randomBytes } from 'node:crypto';
import {
  DEFAULT_GLOBAL_PROMPT_COOLDOWN_DAYS,
  type Prompt,
  type PromptStatus,
  type PromptDefinition,
  type PromptSettings,
  type PublicPrompt,
  toPublicPrompt,
  withTargetingDefaults,
} from '@loupe/shared';
import { and, asc, count, eq, max, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/open-database.js';
import { perDialect } from '../../db/sql-dialect.js';
import { prompts, promptSettings } from '../../db/schema/index.js';

type PromptRow = typeof prompts.$inferSelect;

export const newPromptId = (): string => `pr_${randomBytes(12).toString('base64url')}`;

const toPrompt = (r: PromptRow): Prompt => ({
  id: r.id,
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
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

/** A row as the definition toPublicPrompt takes (only active rows are served; archived never are). */
const toDefinition = (r: PromptRow): PromptDefinition => {
  const { id: _id, createdAt: _c, updatedAt: _u, status, ...rest } = toPrompt(r);
  return { ...rest, status: status === 'archived' ? 'paused' : status };
};

/** What an owner can set: a stored prompt without its id, times, and archived status. */
type StoredDefinition = Omit<PromptDefinition, 'status'> & { status: PromptStatus };

const columns = (d: StoredDefinition) => ({
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
 * Creation order. Prompts created within one millisecond (a script, the demo seeding) would share
 * created_at, and their random ids would shuffle them: on SQLite the rowid keeps the insertion
 * order; PostgreSQL has none, so createPrompt gives each prompt a created_at after the site's last
 * (and a tie left by stored data goes by id).
 */
const creationOrder = (db: Db) => [
  asc(prompts.createdAt),
  perDialect(db.$client, { sqlite: asc(sql`rowid`), postgres: asc(prompts.id) }),
];

const ARCHIVED = 'archived';
const archivedFilter = {
  exclude: ne(prompts.status, ARCHIVED),
  only: eq(prompts.status, ARCHIVED),
  include: undefined,
};

/** In creation order, which is also the priority order the widget uses. */
export function listPrompts(db: Db, siteId: string, archived: keyof typeof archivedFilter = 'exclude'): Prompt[] {
  return db
    .select()
    .from(prompts)
    .where(and(eq(prompts.siteId, siteId), archivedFilter[archived]))
    .orderBy(...creationOrder(db))
    .all()
    .map(toPrompt);
}

/** The site's prompts that are archived, or (archived: false) the others. */
export function countPrompts(db: Db, siteId: string, archived = false): number {
  return (
    db
      .select({ n: count() })
      .from(prompts)
      .where(and(eq(prompts.siteId, siteId), archived ? archivedFilter.only : archivedFilter.exclude))
      .get()?.n ?? 0
  );
}

/** Another site's prompt is simply not found: ids never leak across sites. */
export function findPrompt(db: Db, siteId: string, id: string): Prompt | undefined {
  const row = db.select().from(prompts).where(bySiteAndId(siteId, id)).get();
  return row && toPrompt(row);
}

export function createPrompt(db: Db, siteId: string, def: PromptDefinition): Prompt {
  // After the site's last prompt, by a millisecond if need be (see creationOrder).
  const last = db
    .select({ at: max(prompts.createdAt) })
    .from(prompts)
    .where(eq(prompts.siteId, siteId))
    .get()?.at;
  const now = Math.max(Date.now(), (last ?? 0) + 1);
  const row = db
    .insert(prompts)
    .values({ id: newPromptId(), siteId, ...columns(def), createdAt: now, updatedAt: now })
    .returning()
    .get();
  return toPrompt(row);
}

export function replacePrompt(db: Db, siteId: string, id: string, def: StoredDefinition): Prompt | undefined {
  const row = db
    .update(prompts)
    .set({ ...columns(def), updatedAt: Date.now() })
    .where(bySiteAndId(siteId, id))
    .returning()
    .get();
  return row && toPrompt(row);
}

/** Archives the prompt: never shown again, its answers keep it. False when there is no such prompt. */
export function archivePrompt(db: Db, siteId: string, id: string): boolean {
  return (
    db.update(prompts).set({ status: ARCHIVED, updatedAt: Date.now() }).where(bySiteAndId(siteId, id)).run().changes > 0
  );
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
export function activePublicPrompts(
  db: Db,
  siteId: string,
  siteAppearance: PromptSettings['appearance'],
): PublicPrompt[] {
  return db
    .select()
    .from(prompts)
    .where(and(eq(prompts.siteId, siteId), eq(prompts.status, 'active')))
    .orderBy(...creationOrder(db))
    .all()
    .map((r) => toPublicPrompt(r.id, toDefinition(r), siteAppearance));
}
