import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open-database.js';
import { settings, sites } from '../../db/schema/index.js';

const DEMO_SITE_KEY = 'demo_site_id';

/** The id of the built-in demo site, remembered in `settings` so later starts find it again. */
export function getDemoSiteId(db: Db): string | undefined {
  return db.select().from(settings).where(eq(settings.key, DEMO_SITE_KEY)).get()?.value;
}

export function setDemoSiteId(db: Db, siteId: string): void {
  db.insert(settings)
    .values({ key: DEMO_SITE_KEY, value: siteId })
    .onConflictDoUpdate({ target: settings.key, set: { value: siteId } })
    .run();
}

export function hasAnySite(db: Db): boolean {
  return db.select({ id: sites.id }).from(sites).limit(1).get() !== undefined;
}
