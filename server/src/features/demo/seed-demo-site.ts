import { promptDefinitionSchema, promptSettingsSchema, type Site } from '@loupe/shared';
import type { Db } from '../../db/open-database.js';
import { createPageGroup } from '../page-groups/page-groups-store.js';
import { createPrompt, putPromptSettings } from '../prompts/prompts-store.js';
import { addOrigin, createSite, findSiteById, findSiteBySecretKey } from '../sites/sites-store.js';
import { demoKeysPath, readDemoKeys, writeDemoKeys } from './demo-keys-file.js';
import { DEMO_PAGE_GROUPS } from './demo-page-groups.js';
import { DEMO_PROMPT_SETTINGS, DEMO_PROMPTS } from './demo-prompts.js';
import { getDemoSiteId, hasAnySite, setDemoSiteId } from './demo-store.js';

export interface DemoSite {
  site: Site;
  /** Undefined when the keys file is gone or the secret was rotated since (it cannot be recovered). */
  secretKey: string | undefined;
  created: boolean;
  keysFile: string | undefined;
}

/**
 * First start with an empty database creates the "Demo" site allowed on the server's own
 * origins, with its prompts (DEMO_PROMPTS) and page groups (DEMO_PAGE_GROUPS) in the same transaction; later starts find it again
 * (its id is in `settings`) and make sure the current origins are still allowed, so changing PORT
 * keeps the demo working. A database that already has sites but no demo site is left alone: the
 * operator has set up their own. Prompts are seeded only on creation: a prompt the owner deleted
 * later stays deleted.
 */
export function seedDemoSite(db: Db, opts: { dbPath: string; origins: string[] }): DemoSite | undefined {
  const keysFile = demoKeysPath(opts.dbPath);
  // IMMEDIATE takes the write lock first, so two servers starting on one new database create one demo.
  const seed = db.$client.transaction((): DemoSite | undefined => {
    const existingId = getDemoSiteId(db);
    if (existingId) {
      let site = findSiteById(db, existingId);
      if (!site) return undefined; // deleted on purpose: do not resurrect it
      for (const origin of opts.origins) site = addOrigin(db, existingId, origin) ?? site;
      const keys = keysFile ? readDemoKeys(keysFile) : undefined;
      const valid = keys?.siteId === existingId && findSiteBySecretKey(db, keys.secretKey)?.siteId === existingId;
      return { site, secretKey: valid ? keys?.secretKey : undefined, created: false, keysFile };
    }
    if (hasAnySite(db)) return undefined;
    const created = createSite(db, { name: 'Demo', origins: opts.origins });
    setDemoSiteId(db, created.siteId);
    // Validated exactly as POST /v1/prompts validates them, so the demo never holds a prompt the
    // API would refuse (a bad definition here throws and rolls the whole first start back).
    for (const def of DEMO_PROMPTS) createPrompt(db, created.siteId, promptDefinitionSchema.parse(def));
    putPromptSettings(db, created.siteId, promptSettingsSchema.parse(DEMO_PROMPT_SETTINGS));
    for (const group of DEMO_PAGE_GROUPS) createPageGroup(db, created.siteId, group, DEMO_PAGE_GROUPS.length);
    const { secretKey, ...site } = created;
    return { site, secretKey, created: true, keysFile };
  });
  const result = seed.immediate();
  if (result?.created && result.keysFile && result.secretKey) {
    writeDemoKeys(result.keysFile, {
      siteId: result.site.siteId,
      publicKey: result.site.publicKey,
      secretKey: result.secretKey,
    });
  }
  return result;
}
