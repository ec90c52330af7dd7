import { ENGAGED_SESSION_MIN_MS, ENGAGED_SESSION_MIN_PAGEVIEWS, MAX_RELEASE_LENGTH } from '@loupe/shared/constants';
import { hourOf } from '../../../lib/hour-bucket.js';
import { personLevel, sessionSampleLevel } from '../../../lib/session-sample-level.js';
import type { IngestRow } from '../ingest-row.js';
import {
  SESSION_COUNTS,
  type IngestStatements,
  type SessionCounter,
  type SessionSegmentCounter,
} from '../writer/ingest-statements.js';
import type { AudienceCohortDeltas } from './audience-cohort-counts.js';
import { CohortDeltas } from './cohort-deltas.js';
import type { CustomerCohortDeltas } from './customer-cohort-deltas.js';
import type { RateDeltas } from './rate-deltas.js';
import { RollupDeltas } from './rollup-deltas.js';
import type { VisitorReturnedDeltas } from './visitor-returned.js';

const COUNTS = SESSION_COUNTS;
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
  /** The release of the batch's earliest row if it is a page view that carries one ('' else). */
  release: string;
}

/** What the upsert returns: the row's totals after this batch, and its flags before it. */
interface Stored extends Counts {
  hour: number;
  first_ts: number;
  visitor_id: string | null;
  entry_path: string;
  device: string;
  browser: string;
  language: string;
  release: string;
  engaged: 0 | 1;
  frustrated: 0 | 1;
}

/** GA4's engaged session (docs/signals.md): ≥ 10 s engaged, or ≥ 2 page views, or any prompt answer. */
const isEngaged = (c: Counts) =>
  c.engaged_ms >= ENGAGED_SESSION_MIN_MS || c.pageviews >= ENGAGED_SESSION_MIN_PAGEVIEWS || c.responses > 0;
/** A session's release is its first event's: the page view that starts it carries `data-release`. */
const releaseOf = (row: IngestRow) =>
  row.event.type === 'pageview' ? (row.event.release ?? '').slice(0, MAX_RELEASE_LENGTH) : '';
const isFrustrated = (c: Counts) => c.rage_clicks + c.dead_clicks + c.error_clicks + c.js_errors > 0;

/**
 * One batch's changes to the sessions table, summed per session, then merged into the stored row
 * with one upsert. Session-level rollups count each session once (in the hour it was
 * first seen, under its entry page) and each flag when the session first earns it, so bounce,
 * frustration and conversion rates over any range are sums of rollup rows. session_rollups keys
 * by entry page and device; session_segment_rollups also by browser and language.
 */
export class SessionDeltas {
  private readonly sessions = new Map<string, Delta>();
  private readonly rollups: RollupDeltas<SessionCounter>;
  private readonly segments: RollupDeltas<SessionSegmentCounter>;
  private readonly cohorts: CohortDeltas;
  /**
   * `site \u0001 session` of the sessions this batch touched that have an answer stored (their
   * `responses` total, after the batch, is above 0). An answer row is created with its session's
   * count in the same commit and never changes session, so a session outside this set has none:
   * the friction derivation skips it without asking the database (read-model-deltas.ts).
   */
  readonly answered = new Set<string>();

  constructor(
    private readonly s: IngestStatements,
    private readonly rates: RateDeltas,
    /** Applied by the customers' derivation, which runs after the sessions (customer-deltas.ts). */
    private readonly customerCohorts: CustomerCohortDeltas,
    /** Applied after the returning flags are written (batch-aggregator.ts). */
    private readonly returned: VisitorReturnedDeltas,
    /** The retention cohorts under a trait: applied last (batch-aggregator.ts). */
    audienceCohorts?: AudienceCohortDeltas,
  ) {
    this.rollups = new RollupDeltas(s.sessionRollups);
    this.segments = new RollupDeltas(s.sessionSegmentRollups);
    this.cohorts = new CohortDeltas(s.insertEvent.database, 'visitor', audienceCohorts);
  }

  /** Counts the row as one of its session's events, and `amount` more of `counter` if given. */
  add(row: IngestRow, counter?: Exclude<Count, 'events'>, amount = 1): void {
    const e = row.event;
    const id = `${row.siteId}\u0001${e.sessionId}`;
    let d = this.sessions.get(id);
    if (!d) {
      d = {
        siteId: row.siteId,
        sessionId: e.sessionId,
        visitorId: e.visitorId ?? null,
        firstTs: row.ts,
        firstPath: e.path,
        lastTs: row.ts,
        lastPath: e.path,
        device: row.device,
        browser: row.browser,
        language: row.language,
        release: releaseOf(row),
        events: 0,
        pageviews: 0,
        engaged_ms: 0,
        rage_clicks: 0,
        dead_clicks: 0,
        error_clicks: 0,
        js_errors: 0,
        responses: 0,
        tracks: 0,
      };
      this.sessions.set(id, d);
    }
    if (row.ts < d.firstTs) {
      d.firstTs = row.ts;
      d.firstPath = e.path;
      d.release = releaseOf(row);
    }
    if (row.ts >= d.lastTs) {
      d.lastTs = row.ts;
      d.lastPath = e.path;
    }
    d.visitorId ??= e.visitorId ?? null;
    d.events += 1;
    if (counter !== undefined) d[counter] += amount;
  }

  apply(): void {
    this.answered.clear();
    for (const [id, d] of this.sessions) if (this.upsert(d) > 0) this.answered.add(id);
    this.rollups.apply();
    this.segments.apply();
    this.cohorts.apply();
    this.sessions.clear();
  }

  /** Returns the session's answers in all, after this batch. */
  private upsert(d: Delta): number {
    const hour = hourOf(d.firstTs);
    const r = this.s.upsertSession.get(
      d.siteId,
      d.sessionId,
      d.visitorId,
      hour,
      d.firstTs,
      d.lastTs,
      d.firstPath,
      d.lastPath,
      d.device,
      d.browser,
      d.language,
      d.release,
      ...COUNTS.map((k) => d[k]),
      isEngaged(d) ? 1 : 0,
      isFrustrated(d) ? 1 : 0,
      sessionSampleLevel(d.sessionId),
    ) as Stored;
    // The upsert leaves a stored session's start and visitor as they were (ingest-statements.ts):
    // the earliest start and the first visitor id win, as they would in its SET.
    const firstTs = Math.min(r.first_ts, d.firstTs);
    const visitorId = r.visitor_id ?? d.visitorId;
    if (firstTs !== r.first_ts || visitorId !== r.visitor_id) {
      this.s.setSessionStart.run(firstTs, visitorId, d.siteId, d.sessionId);
      // Its trait rows, if an earlier batch stored them without the visitor, now belong to one.
      if (visitorId !== r.visitor_id)
        this.s.setTraitsPerson.run(visitorId, personLevel(visitorId), d.siteId, d.sessionId);
      r.first_ts = firstTs;
      r.visitor_id = visitorId;
    }
    // A stored session already had at least one event, so equal totals mean it was just inserted
    // (with its flags computed from this batch alone). Otherwise flags only ever go 0 → 1, and
    // each transition is counted once, in the batch that causes it.
    const inserted = r.events === d.events;
    const becameEngaged = !inserted && r.engaged === 0 && isEngaged(r);
    const becameFrustrated = !inserted && r.frustrated === 0 && isFrustrated(r);
    if (becameEngaged || becameFrustrated) {
      this.s.setSessionFlags.run(r.engaged || +becameEngaged, r.frustrated || +becameFrustrated, d.siteId, d.sessionId);
    }
    const first = (total: number, batch: number) => (total > 0 && (inserted || total === batch) ? 1 : 0);
    const sessions = inserted ? 1 : 0;
    const engaged = inserted ? r.engaged : +becameEngaged;
    const multiPage = (inserted || r.pageviews - d.pageviews < 2) && r.pageviews >= 2 ? 1 : 0;

    // The session stays in the bucket, under the entry page and in the segment it was first counted in.
    const key = [d.siteId, r.hour, r.entry_path, r.device];
    const rollups = this.rollups;
    rollups.add(key, 'pageviews', d.pageviews);
    rollups.add(key, 'engaged_ms', d.engaged_ms);
    rollups.add(key, 'sessions', sessions);
    rollups.add(key, 'engaged_sessions', engaged);
    rollups.add(key, 'multi_page_sessions', multiPage);
    rollups.add(key, 'frustrated_sessions', inserted ? r.frustrated : +becameFrustrated);
    rollups.add(key, 'responded_sessions', first(r.responses, d.responses));
    const segment = [d.siteId, r.hour, r.entry_path, r.device, r.browser, r.language];
    const segments = this.segments;
    segments.add(segment, 'pageviews', d.pageviews);
    segments.add(segment, 'engaged_ms', d.engaged_ms);
    segments.add(segment, 'sessions', sessions);
    segments.add(segment, 'engaged_sessions', engaged);
    segments.add(segment, 'multi_page_sessions', multiPage);
    const converted = first(r.tracks, d.tracks);
    segments.add(segment, 'converted_sessions', converted);
    // Retention cohorts: a visitor (persistent id only) active in the period the session started in.
    if (r.visitor_id !== null) {
      if (inserted) this.cohorts.sessionStarted(d.siteId, r.visitor_id, r.first_ts, r.device, r.browser, r.language);
      if (converted === 1) this.cohorts.sessionConverted(d.siteId, r.visitor_id, r.first_ts);
      // A stored session whose start this batch may have moved earlier (its earliest event is the
      // session's first): its visitor's latest returning start may be another now.
      if (!inserted && r.first_ts === d.firstTs) this.returned.touched(d.siteId, r.visitor_id);
    }
    // And every customer identified in the session so far (a later identify call counts its goals then).
    if (converted === 1 && !inserted) this.customerCohorts.sessionConverted(d.siteId, d.sessionId, r.first_ts);
    this.rates.session(
      {
        siteId: d.siteId,
        hour: r.hour,
        device: r.device,
        browser: r.browser,
        language: r.language,
        release: r.release,
      },
      inserted,
      r.js_errors - d.js_errors,
      r.js_errors,
      r.engaged_ms - d.engaged_ms,
      r.engaged_ms,
    );
    return r.responses;
  }
}
