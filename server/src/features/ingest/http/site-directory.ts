import type { Db } from '../../../db/open-database.js';
import type { ChangeFeed } from '../../../lib/change-feed.js';

export interface CollectingSite {
  siteId: string;
  origins: ReadonlySet<string>;
}

const MAX_NEGATIVE_ORIGINS = 1000;

interface Snapshot {
  byKey: Map<string, CollectingSite>;
  origins: Set<string>;
  /** Origins no site allowed when last asked, so a flood of odd Origin headers costs no queries. */
  unknownOrigins: Set<string>;
}

/**
 * The ingestion hot path's view of the sites table: every site's public key and allowed origins,
 * held in memory until the change feed says a site changed (or its safety TTL passes), then read
 * again whole at the next request: changes are rare, and one query reads every site. So a removed
 * origin, a deleted site, a new origin for the CORS decision take effect at once on the instance
 * that made the change and within the feed's bound on the others. A miss (a site created or an
 * origin added since the snapshot) also falls through to one indexed query.
 */
export function createSiteDirectory(db: Db, changes: ChangeFeed) {
  const sqlite = db.$client;
  const all = sqlite.prepare('SELECT id, public_key, origins FROM sites');
  const byKey = sqlite.prepare('SELECT id, origins FROM sites WHERE public_key = ?');
  const byOrigin = sqlite.prepare('SELECT 1 FROM sites, json_each(sites.origins) WHERE json_each.value = ? LIMIT 1');
  let snap: Snapshot | undefined;
  const unsubscribe = changes.subscribe('sites', () => {
    snap = undefined;
  });

  const toSite = (id: string, origins: string): CollectingSite => ({
    siteId: id,
    origins: new Set(JSON.parse(origins) as string[]),
  });

  function current(): Snapshot {
    if (snap) return snap;
    const next: Snapshot = { byKey: new Map(), origins: new Set(), unknownOrigins: new Set() };
    for (const r of all.all() as { id: string; public_key: string; origins: string }[]) {
      const site = toSite(r.id, r.origins);
      next.byKey.set(r.public_key, site);
      for (const o of site.origins) next.origins.add(o);
    }
    snap = next;
    return next;
  }

  function lookup(key: string): CollectingSite | undefined {
    const r = byKey.get(key) as { id: string; origins: string } | undefined;
    if (!r) return undefined;
    const site = toSite(r.id, r.origins);
    const s = current();
    s.byKey.set(key, site);
    for (const o of site.origins) s.origins.add(o);
    return site;
  }

  return {
    /** The site collecting with this public key, or undefined when no site has it. */
    find(key: string): CollectingSite | undefined {
      return current().byKey.get(key) ?? lookup(key);
    },
    /** Whether the site allows the origin, re-reading the site once before saying no. */
    allows(key: string, site: CollectingSite, origin: string): boolean {
      return site.origins.has(origin) || (lookup(key)?.origins.has(origin) ?? false);
    },
    /** Whether any site allows the origin: the CORS decision made before the body (and key) is read. */
    anySiteAllows(origin: string): boolean {
      const s = current();
      if (s.origins.has(origin)) return true;
      if (s.unknownOrigins.has(origin)) return false;
      const found = byOrigin.get(origin) !== undefined;
      if (found) s.origins.add(origin);
      else if (s.unknownOrigins.size < MAX_NEGATIVE_ORIGINS) s.unknownOrigins.add(origin);
      return found;
    },
    close: unsubscribe,
  };
}

export type SiteDirectory = ReturnType<typeof createSiteDirectory>;
