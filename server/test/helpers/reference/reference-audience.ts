import {
  HOUR,
  hourOf,
  inRange,
  inSegment,
  isEngaged,
  percent,
  type Raw,
  type RawResponse,
  type RawSession,
  type RefFilters,
} from './raw-rows.js';
import { returningSessions } from './reference-traffic.js';

// Plain computations of the metrics routes' figures for an audience (trait filters, new vs
// returning, groupings by trait), from the raw events and the identify calls a test made, written
// from the documented definitions: a session carries the traits of its latest identify call, an
// answer those of the latest call before it; every figure of a session counts in the hour it
// started, a visit's in the hour of its first view or engagement.

const DAY = 24 * HOUR;

export type Traits = Record<string, string>;

/** An identify call: when, and the traits it set (null: it cleared them). */
export interface IdentifyCall {
  ts: number;
  traits: Traits | null;
}

export interface RefAudience {
  traits?: Traits | undefined;
  returning?: boolean | undefined;
}

export interface AudienceRaw {
  raw: Raw;
  /** Each session's identify calls, in time order. */
  calls: ReadonlyMap<string, readonly IdentifyCall[]>;
}

const last = <T>(xs: readonly T[] | undefined) => (xs && xs.length > 0 ? xs[xs.length - 1] : undefined);

export const sessionTraits = (a: AudienceRaw, sessionId: string): Traits | null =>
  last(a.calls.get(sessionId))?.traits ?? null;

export const answerTraits = (a: AudienceRaw, r: RawResponse): Traits | null =>
  last((a.calls.get(r.sessionId) ?? []).filter((c) => c.ts < r.createdAt))?.traits ?? null;

const matches = (traits: Traits | null, returning: boolean, q: RefAudience) =>
  (q.returning === undefined || q.returning === returning) &&
  Object.entries(q.traits ?? {}).every(([k, v]) => traits?.[k] === v);

/** The audience's sessions started in [from, to) with the segment's device, browser and language. */
export function refAudienceSessions(a: AudienceRaw, from: number, to: number, f: RefFilters, q: RefAudience) {
  const returning = returningSessions(a.raw);
  return a.raw.sessions.filter(
    (s) =>
      inRange(s.firstTs, from, to) &&
      inSegment(s, f) &&
      matches(sessionTraits(a, s.sessionId), returning.has(s.sessionId), q),
  );
}

export interface RefAudienceVisit {
  sessionId: string;
  path: string;
  hour: number;
  device: string;
  browser: string;
  language: string;
  pageviews: number;
  maxScroll: number;
  /** JS errors on the page after the visit began. */
  jsErrors: number;
}

/**
 * The audience's page visits that began in [from, to), of sessions that started at most a day
 * before (a session lasts at most a day: the widget ends it there).
 */
export function refAudienceVisits(a: AudienceRaw, from: number, to: number, f: RefFilters, q: RefAudience) {
  const out: RefAudienceVisit[] = [];
  for (const s of refAudienceSessions(a, from - DAY, to, {}, q)) {
    const visits = new Map<string, RefAudienceVisit>();
    for (const e of s.events) {
      let v = visits.get(e.path);
      if (!v && (e.type === 'pageview' || e.type === 'engagement')) {
        v = {
          sessionId: s.sessionId,
          path: e.path,
          hour: hourOf(e.ts),
          device: e.device,
          browser: e.browser,
          language: e.language,
          pageviews: 0,
          maxScroll: 0,
          jsErrors: 0,
        };
        visits.set(e.path, v);
      }
      if (!v) continue;
      if (e.type === 'pageview') v.pageviews += 1;
      if (e.type === 'engagement') v.maxScroll = Math.max(v.maxScroll, Number(e.payload.scrollDepth ?? 0));
      if (e.type === 'error' && e.payload.source !== 'resource') v.jsErrors += 1;
    }
    for (const v of visits.values()) {
      if (v.hour >= from && v.hour < to && inSegment(v, f) && (f.path === undefined || v.path === f.path)) out.push(v);
    }
  }
  return out;
}

/** The audience's answers given in [from, to) where the filters say (their own page and segment). */
export function refAudienceAnswers(a: AudienceRaw, from: number, to: number, f: RefFilters, q: RefAudience) {
  const returning = returningSessions(a.raw);
  return a.raw.responses.filter(
    (r) =>
      inRange(r.createdAt, from, to) &&
      inSegment(r, f) &&
      (f.path === undefined || r.path === f.path) &&
      matches(answerTraits(a, r), returning.has(r.sessionId), q),
  );
}

export interface RefTrafficFigures {
  visitors: number | null;
  sessions: number;
  pageviews: number;
  bounceRate: number | null;
  avgEngagementMs: number | null;
  conversionRate: number | null;
  returningVisitorRate: number | null;
}

/** The traffic figures of these sessions (and, under a path filter, these visits of the page). */
export function refFigures(
  a: AudienceRaw,
  sessions: readonly RawSession[],
  path: string | undefined,
  visits: readonly RefAudienceVisit[] | undefined,
  entryRow = false,
): RefTrafficFigures {
  const entered = path === undefined ? sessions : sessions.filter((s) => s.entryPath === path);
  const rates = {
    bounceRate: percent(entered.filter((s) => !isEngaged(s)).length, entered.length),
    conversionRate: percent(entered.filter((s) => s.goals.size > 0).length, entered.length),
  };
  if (visits !== undefined) {
    return {
      visitors: null,
      sessions: visits.length,
      pageviews: visits.reduce((n, v) => n + v.pageviews, 0),
      avgEngagementMs: null,
      returningVisitorRate: null,
      ...rates,
    };
  }
  const returning = returningSessions(a.raw);
  const who = (s: RawSession) => s.visitorId ?? `session:${s.sessionId}`;
  const visitors = new Set(sessions.map(who));
  const back = new Set(sessions.filter((s) => returning.has(s.sessionId)).map(who));
  const withVisitors = path === undefined && !entryRow;
  return {
    visitors: withVisitors ? visitors.size : null,
    sessions: entered.length,
    pageviews: entered.reduce((n, s) => n + s.pageviews, 0),
    avgEngagementMs:
      entered.length > 0 ? Math.round(entered.reduce((n, s) => n + s.engagedMs, 0) / entered.length) : null,
    returningVisitorRate: withVisitors ? percent(back.size, visitors.size) : null,
    ...rates,
  };
}

export type RefAudienceGroup = 'device' | 'browser' | 'language' | 'entryPage' | { trait: string };

/** The audience's traffic figures of [from, to) per group value ('' when not grouped): rows with any session or visit. */
export function refAudienceTraffic(
  a: AudienceRaw,
  from: number,
  to: number,
  f: RefFilters,
  q: RefAudience,
  group?: RefAudienceGroup,
): Map<string, RefTrafficFigures> {
  const sessions = refAudienceSessions(a, from, to, f, q);
  const visits = f.path === undefined || group === 'entryPage' ? undefined : refAudienceVisits(a, from, to, f, q);
  const keyOf = (x: { sessionId: string; device: string; browser: string; language: string }): string | null => {
    if (group === undefined) return '';
    if (typeof group === 'object') return sessionTraits(a, x.sessionId)?.[group.trait] ?? null;
    if (group === 'entryPage') return (x as RawSession).entryPath;
    return x[group];
  };
  const keys = new Set<string>(group === undefined ? [''] : []);
  for (const x of [...sessions, ...(visits ?? [])]) {
    const k = keyOf(x);
    if (k !== null) keys.add(k);
  }
  const out = new Map<string, RefTrafficFigures>();
  for (const k of keys) {
    out.set(
      k,
      refFigures(
        a,
        sessions.filter((s) => keyOf(s) === k),
        f.path,
        visits?.filter((v) => keyOf(v) === k),
        group === 'entryPage',
      ),
    );
  }
  return out;
}
