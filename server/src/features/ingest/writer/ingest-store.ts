import { cubeTierDeltas } from '../../../db/cubes/cube-tier-deltas.js';
import type { Db } from '../../../db/open-database.js';
import { BatchAggregator } from '../derive/batch-aggregator.js';
import { type DerivationProfile, timed } from '../derive/derivation-profile.js';
import type { IngestRow } from '../ingest-row.js';
import { prepareIngestStatements } from './ingest-statements.js';
import { prepareDeletedSites, prepareSiteWriteLocks } from './site-write-locks.js';

export { INSERT_EVENT_SQL } from './ingest-statements.js';

/** The probe's size: a group commit of a few hundred events (storage-fault recovery). */
export const PROBE_BYTES = 256 * 1024;

export interface WriteResult {
  accepted: number;
  duplicates: number;
}

/** The storage seam of ingestion: a PostgreSQL backend would implement the same interface. */
export interface IngestStore {
  /**
   * Stores the groups (one per request) in ONE transaction and returns each group's counts; throws
   * (and stores nothing) when the transaction fails.
   */
  commit(groups: readonly IngestRow[][]): WriteResult[];
  /**
   * Commits a write of its own about the size of a group commit, then removes it: throws as a
   * commit would when the storage cannot take that much. How a writer that hit a full disk learns
   * that space is back. (A one-row write is no test: it fits in pages the file already has.)
   */
  probe(): void;
}

/** The events-table values of a row, in EVENT_COLUMNS order (also the benchmark's raw baseline). */
export function eventRowValues(r: IngestRow): unknown[] {
  const e = r.event;
  return [
    r.siteId,
    r.id,
    e.type,
    r.ts,
    r.receivedAt,
    e.sessionId,
    e.visitorId ?? null,
    e.path,
    r.device,
    r.browser,
    r.language,
    e.type === 'click' ? e.kind : null,
    e.type === 'click' ? e.selector : null,
    r.fingerprint,
    e.type === 'vital' ? e.name : null,
    e.type === 'vital' ? e.value : null,
    'promptId' in e ? e.promptId : null,
    'displayId' in e ? e.displayId : null,
    e.type === 'track' ? e.name : null,
    r.payload,
  ];
}

export interface IngestStoreOptions {
  /** Times each derivation of every commit into this map (the benchmarks'; never in production). */
  profile?: DerivationProfile;
}

export function createIngestStore(db: Db, opts: IngestStoreOptions = {}): IngestStore {
  const sqlite = db.$client;
  const s = prepareIngestStatements(sqlite);
  const { profile } = opts;
  const tiers = cubeTierDeltas(sqlite);
  const lockSites = prepareSiteWriteLocks(sqlite);
  const deletedSites = prepareDeletedSites(sqlite);
  const commit = sqlite.transaction((groups: readonly IngestRow[][]): WriteResult[] => {
    const siteIds = new Set(groups.flatMap((rows) => rows.map((r) => r.siteId)));
    // Before any read: another instance's commit on these sites finishes first (PostgreSQL).
    lockSites?.(siteIds);
    // Under the locks: a site deleted since its rows were accepted gets none of them (PostgreSQL).
    const gone = deletedSites?.(siteIds);
    const deleted = gone?.size ? gone : undefined;
    // Nothing of a rolled-back commit may reach the next one's tiers.
    tiers.clear();
    const derived = new BatchAggregator(s, profile);
    const lastEventAt = new Map<string, number>();
    const results = groups.map((rows) => {
      let accepted = 0;
      let dropped = 0;
      for (const r of rows) {
        if (deleted?.has(r.siteId)) {
          dropped += 1;
          continue;
        }
        const changes = profile
          ? timed(profile, 'events: insert', () => s.insertEvent.run(eventRowValues(r)).changes)
          : s.insertEvent.run(eventRowValues(r)).changes;
        // A conflicting (site_id, id) is a retried event: counted, not stored, not rolled up.
        if (changes === 0) continue;
        accepted += 1;
        derived.add(r);
        if ((lastEventAt.get(r.siteId) ?? 0) < r.receivedAt) lastEventAt.set(r.siteId, r.receivedAt);
      }
      return { accepted, duplicates: rows.length - accepted - dropped };
    });
    derived.apply();
    // After every rollup: each tier row once per commit, summed over all its hourly rows.
    timed(profile, 'cube tiers (hourly, daily, monthly)', () => tiers.apply());
    timed(profile, 'sites: last event', () => {
      for (const [siteId, at] of lastEventAt) s.touchSite.run(at, siteId);
    });
    return results;
  });
  const probeWrite = sqlite.prepare(
    `INSERT INTO settings (key, value) VALUES ('storage_probe', zeroblob(${PROBE_BYTES})) ` +
      'ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const probeRemove = sqlite.prepare("DELETE FROM settings WHERE key = 'storage_probe'");
  return {
    // The whole commit, BEGIN to COMMIT's fsync: what the parts above leave is the transaction's own.
    commit: (groups) => timed(profile, 'total', () => commit(groups)),
    probe: () => {
      try {
        probeWrite.run();
      } finally {
        probeRemove.run();
      }
    },
  };
}
