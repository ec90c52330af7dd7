import { ENGAGED_SESSION_MIN_MS, ENGAGED_SESSION_MIN_PAGEVIEWS } from '@loupe/shared/constants';
import { hourOf } from '../../lib/hour-bucket.js';
import type { IngestRow } from './ingest-row.js';
import type { IngestStatements, SessionCounter } from './ingest-statements.js';
import { RollupDeltas } from './rollup-deltas.js';

const COUNTS = ['events', 'pageviews', 'engaged_ms', 'rage_clicks', 'dead_clicks', 'error_clicks', 'js_errors', 'responses'] as const;
type Count = (typeof COUNTS)[number];
type Counts = Record<Count, number>;

interface Delta extends Counts {
  siteId: string;
  sessionId: string;
  visitorId: string | null;
  firstTs: number;
  firstPath: string;
  lastTs: number;
  lastPath: string;
  device: string;
  browser: string;
  language: string;
}

interface StoredSession extends Counts {
  hour: number;
  first_ts: number;
  last_ts: number;
  entry_path: string;
  exit_path: string;
  device: string;
  visitor_id: string | null;
  engaged: number;
  frustrated: number;
}

/** GA4's engaged session (signals.md): ≥ 10 s engaged, or ≥ 2 page views, or any prompt answer. */
const isEngaged = (c: Counts) =>
  c.engaged_ms >= ENGAGED_SESSION_MIN_MS || c.pageviews >= ENGAGED_SESSION_MIN_PAGEVIEWS || c.responses > 0;
const isFrustrated = (c: Counts) => c.rage_clicks + c.dead_clicks + c.error_clicks + c.js_errors > 0;

/**
 * One batch's changes to the sessions table, summed per session, then merged with the stored row
 * in one read and one write. Session-level rollups count each session once (in the hour it was
 * first seen, under its entry page) and each flag when the session first earns it, so bounce and
 * frustration rates over any range are sums of rollup rows.
 */
export class SessionDeltas {
  private readonly sessions = new Map<string, Delta>();
  private readonly rollups: RollupDeltas<SessionCounter>;

  constructor(private readonly s: IngestStatements) {
    this.rollups = new RollupDeltas(s.sessionRollups);
  }

  add(row: IngestRow, count: Partial<Counts>): void {
    const e = row.event;
    const id = `${row.siteId}\u0001${e.sessionId}`;
    let d = this.sessions.get(id);
    if (!d) {
      d = {
        siteId: row.siteId, sessionId: e.sessionId, visitorId: e.visitorId ?? null,
        firstTs: row.ts, firstPath: e.path, lastTs: row.ts, lastPath: e.path,
        device: row.device, browser: row.browser, language: row.language,
        events: 0, pageviews: 0, engaged_ms: 0, rage_clicks: 0, dead_clicks: 0, error_clicks: 0, js_errors: 0, responses: 0,
      };
      this.sessions.set(id, d);
    }
    if (row.ts < d.firstTs) [d.firstTs, d.firstPath] = [row.ts, e.path];
    if (row.ts >= d.lastTs) [d.lastTs, d.lastPath] = [row.ts, e.path];
    d.visitorId ??= e.visitorId ?? null;
    d.events += 1;
    for (const k in count) d[k as Count] += count[k as Count]!;
  }

  apply(): void {
    for (const d of this.sessions.values()) {
      const old = this.s.selectSession.get(d.siteId, d.sessionId) as StoredSession | undefined;
      if (!old) this.insert(d);
      else this.update(old, d);
    }
    this.rollups.apply();
    this.sessions.clear();
  }

  private insert(d: Delta): void {
    const rollups = this.rollups;
    const hour = hourOf(d.firstTs);
    const engaged = isEngaged(d);
    const frustrated = isFrustrated(d);
    this.s.insertSession.run(
      d.siteId, d.sessionId, d.visitorId, hour, d.firstTs, d.lastTs, d.firstPath, d.lastPath,
      d.device, d.browser, d.language, ...COUNTS.map((k) => d[k]), engaged ? 1 : 0, frustrated ? 1 : 0,
    );
    const key = [d.siteId, hour, d.firstPath, d.device];
    rollups.add(key, 'sessions');
    rollups.add(key, 'engaged_sessions', engaged ? 1 : 0);
    rollups.add(key, 'multi_page_sessions', d.pageviews >= 2 ? 1 : 0);
    rollups.add(key, 'frustrated_sessions', frustrated ? 1 : 0);
    rollups.add(key, 'responded_sessions', d.responses > 0 ? 1 : 0);
    rollups.add(key, 'pageviews', d.pageviews);
    rollups.add(key, 'engaged_ms', d.engaged_ms);
  }

  private update(old: StoredSession, d: Delta): void {
    const rollups = this.rollups;
    const next = {} as Counts;
    for (const k of COUNTS) next[k] = old[k] + d[k];
    const engaged = old.engaged === 1 || isEngaged(next);
    const frustrated = old.frustrated === 1 || isFrustrated(next);
    const later = d.lastTs >= old.last_ts;
    this.s.updateSession.run(
      old.visitor_id ?? d.visitorId, Math.min(old.first_ts, d.firstTs),
      later ? d.lastTs : old.last_ts, later ? d.lastPath : old.exit_path,
      ...COUNTS.map((k) => next[k]), engaged ? 1 : 0, frustrated ? 1 : 0, d.siteId, d.sessionId,
    );
    // The session stays in the bucket and under the entry page it was first counted in.
    const key = [d.siteId, old.hour, old.entry_path, old.device];
    rollups.add(key, 'engaged_sessions', engaged && old.engaged === 0 ? 1 : 0);
    rollups.add(key, 'multi_page_sessions', old.pageviews < 2 && next.pageviews >= 2 ? 1 : 0);
    rollups.add(key, 'frustrated_sessions', frustrated && old.frustrated === 0 ? 1 : 0);
    rollups.add(key, 'responded_sessions', old.responses === 0 && next.responses > 0 ? 1 : 0);
    rollups.add(key, 'pageviews', d.pageviews);
    rollups.add(key, 'engaged_ms', d.engaged_ms);
  }
}
