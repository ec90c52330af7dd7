import type { App } from '../../../src/app.js';
import { perDialect } from '../../../src/db/sql-dialect.js';

// The raw rows the property tests compute their reference answers from, in plain JS.

export const HOUR = 3_600_000;
export const hourOf = (t: number) => t - (t % HOUR);

export interface RawEvent {
  type: string;
  ts: number;
  sessionId: string;
  visitorId: string | null;
  path: string;
  device: string;
  browser: string;
  language: string;
  clickKind: string | null;
  selector: string | null;
  fingerprint: string | null;
  vitalName: string | null;
  vitalValue: number | null;
  promptId: string | null;
  trackName: string | null;
  payload: Record<string, unknown>;
}

export interface RawResponse {
  displayId: string;
  promptId: string;
  kind: 'nps' | 'csat' | 'ces';
  score: number;
  comment: string | null;
  sessionId: string;
  path: string;
  device: string;
  browser: string;
  language: string;
  createdAt: number;
  resolvedAt: number | null;
}

export interface RawSession {
  sessionId: string;
  visitorId: string | null;
  firstTs: number;
  entryPath: string;
  /** The segment of the session's first event. */
  device: string;
  browser: string;
  language: string;
  pageviews: number;
  engagedMs: number;
  answers: number;
  /** Goal (`track`) names the session reached. */
  goals: Set<string>;
  events: RawEvent[];
}

export interface Raw {
  events: RawEvent[];
  responses: RawResponse[];
  sessions: RawSession[];
}

export function loadRaw(app: App, siteId: string): Raw {
  const db = app.db.$client;
  // Insertion order breaks ties: SQLite's rowid; PostgreSQL's ctid, the same on these insert-only
  // rows of a fresh database (a row's ctid changes only when it is updated or moved).
  const inserted = perDialect(db, { sqlite: 'rowid', postgres: 'ctid' });
  const events = (
    db
      .prepare(
        'SELECT type, ts, session_id AS "sessionId", visitor_id AS "visitorId", path, device, browser, language, click_kind AS "clickKind", ' +
          'selector, fingerprint, vital_name AS "vitalName", vital_value AS "vitalValue", prompt_id AS "promptId", ' +
          `track_name AS "trackName", payload FROM events WHERE site_id = ? ORDER BY ts, ${inserted}`,
      )
      .all(siteId) as (RawEvent & { payload: string })[]
  ).map((e) => ({ ...e, payload: JSON.parse(e.payload) as Record<string, unknown> }));
  const responses = db
    .prepare(
      'SELECT display_id AS "displayId", prompt_id AS "promptId", kind, score, comment, session_id AS "sessionId", path, device, ' +
        `browser, language, created_at AS "createdAt", resolved_at AS "resolvedAt" FROM responses WHERE site_id = ? ORDER BY ${inserted}`,
    )
    .all(siteId) as RawResponse[];
  const bySession = new Map<string, RawSession>();
  for (const e of events) {
    let s = bySession.get(e.sessionId);
    if (!s) {
      s = {
        sessionId: e.sessionId,
        visitorId: null,
        firstTs: e.ts,
        entryPath: e.path,
        device: e.device,
        browser: e.browser,
        language: e.language,
        pageviews: 0,
        engagedMs: 0,
        answers: 0,
        goals: new Set(),
        events: [],
      };
      bySession.set(e.sessionId, s);
    }
    s.visitorId ??= e.visitorId;
    s.events.push(e);
    if (e.type === 'pageview') s.pageviews += 1;
    if (e.type === 'engagement') s.engagedMs += Number(e.payload.engagedMs);
    if (e.type === 'track') s.goals.add(e.trackName!);
  }
  for (const r of responses) bySession.get(r.sessionId)!.answers += 1;
  return { events, responses, sessions: [...bySession.values()] };
}

/** GA4's engaged session (docs/signals.md). */
export const isEngaged = (s: RawSession) => s.engagedMs >= 10_000 || s.pageviews >= 2 || s.answers > 0;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local YYYY-MM-DD of an instant, straight from Intl. */
export function localDate(t: number, tz: string): string {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(tz, f);
  }
  return f.format(t);
}

/** The promised bucket of an hourly rollup row: the local day/week/month of the hour's midpoint. */
export function bucketLabel(hour: number, tz: string, interval: 'day' | 'week' | 'month'): string {
  const day = localDate(hour + HOUR / 2, tz);
  if (interval === 'day') return day;
  if (interval === 'month') return `${day.slice(0, 7)}-01`;
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** The local first day (YYYY-MM-DD) of the week (Monday) or month of an instant: a retention period. */
export function exactPeriod(t: number, tz: string, interval: 'week' | 'month'): string {
  const day = localDate(t, tz);
  if (interval === 'month') return `${day.slice(0, 7)}-01`;
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

export const percent = (part: number, whole: number) => (whole > 0 ? Math.round((10_000 * part) / whole) / 100 : null);
export const inRange = (t: number, from: number, to: number) => hourOf(t) >= from && hourOf(t) < to;

/** Segment filters as the API takes them. */
export interface RefFilters {
  path?: string | undefined;
  device?: string | undefined;
  browser?: string | undefined;
  language?: string | undefined;
}

/** Whether a row's own segment (an event's, a response's, a session's) passes the device, browser and language filters. */
export const inSegment = (x: { device: string; browser: string; language: string }, f: RefFilters) =>
  (f.device === undefined || x.device === f.device) &&
  (f.browser === undefined || x.browser === f.browser) &&
  (f.language === undefined || x.language === f.language);
