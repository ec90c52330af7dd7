import type { Db } from '../../../db/open-database.js';

export interface CollectingSite {
  siteId: string;
  origins: ReadonlySet<string>;
}

/**
 * Revocations (a removed origin) reach the hot path within this time. Grants (a new site or origin)
 * are seen at once by the key and origin checks, and within this time by the CORS decision.
 */
export const SITE_SNAPSHOT_TTL_MS = 1000;
const MAX_NEGATIVE_ORIGINS = 1000;

interface Snapshot {
  at: number;
  byKey: Map<string, CollectingSite>;
  origins: Set<string>;
  /** Origins no site allowed when last asked, so a flood of odd Origin headers costs no queries. */
  unknownOrigins: Set<string>;
}

/**
 * The ingestion hot path's view of the sites table: every site's public key and allowed origins,
 * held in memory and reloaded once per second. A miss (a site created or an origin added since the
 * snapshot) falls through to one indexed query, so new sites and origins work immediately.
 */
export function createSiteDirectory(db: Db, ttlMs = SITE_SNAPSHOT_TTL_MS) {
  const sqlite = db.$client;
  const all = sqlite.prepare('SELECT id, public_key, origins FROM sites');
  const byKey = sqlite.prepare('SELECT id, origins FROM sites WHERE public_key = ?');
  const byOrigin = sqlite.prepare('SELECT 1 FROM sites, json_each(sites.origins) WHERE json_each.value = ? LIMIT 1');
  let snap: Snapshot | undefined;

  const toSite = (id: string, origins: string): CollectingSite => ({
    siteId: id,
    origins: new Set(JSON.parse(origins) as string[]),
  });

  function current(): Snapshot {
    const now = Date.now();
    if (snap && now - snap.at < ttlMs) return snap;
    const next: Snapshot = { at: now, byKey: new Map(), origins: new Set(), unknownOrigins: new Set() };
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
  };
}

export type SiteDirectory = ReturnType<typeof createSiteDirectory>;
