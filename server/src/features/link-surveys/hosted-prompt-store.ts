import { type PublicPrompt, toPublicPrompt, withTargetingDefaults } from '@loupe/shared';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open-database.js';
import { prompts } from '../../db/schema/index.js';
import { getPromptSettings } from '../prompts/prompts-store.js';

export type HostedPrompt =
  | { state: 'active'; siteId: string; prompt: PublicPrompt }
  | { state: 'paused'; siteId: string; prompt: PublicPrompt }
  | { state: 'gone' }
  | { state: 'unknown' };

/**
 * A prompt by its id alone, as its hosted page needs it (prompt ids are unique across sites):
 * its site and its public form with the site's appearance under its own, as the widget gets it.
 * Archived prompts are `gone`: their answers stay, their page does not.
 */
export function hostedPrompt(db: Db, promptId: string): HostedPrompt {
  const row = db.select().from(prompts).where(eq(prompts.id, promptId)).get();
  if (!row) return { state: 'unknown' };
  if (row.status === 'archived') return { state: 'gone' };
  const prompt = toPublicPrompt(
    row.id,
    {
      kind: row.kind,
      ...(row.style ? { style: row.style } : {}),
      defaultLanguage: row.defaultLanguage,
      texts: row.texts,
      targeting: withTargetingDefaults(row.targeting),
      frequency: row.frequency,
      appearance: row.appearance ?? {},
    },
    getPromptSettings(db, row.siteId).appearance,
  );
  return { state: row.status, siteId: row.siteId, prompt };
}
