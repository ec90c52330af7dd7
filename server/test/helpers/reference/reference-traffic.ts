import { inRange, inSegment, isEngaged, percent, type Raw, type RawSession, type RefFilters } from './raw-rows.js';

// Reference traffic figures over raw events and sessions, following the documented definitions:
// sessions by the hour they started (segment: their first event's), page views by their own hour,
// visits (session × page) by the hour of their first view or engagement; under a path filter the
// page figures are of the page and bounce/conversion of the sessions that entered on it.

export type RefGroup = 'device' | 'browser' | 'language' | 'entryPage';

export interface RefTraffic {
  visitors: number | null;
  sessions: number;
  pageviews: number;
  bounceRate: number | null;
  avgEngagementMs: number | null;
  conversionRate: number | null;
  returningVisitorRate: number | null;
}

interface Visit {
  sessionId: string;
  path: string;
  first: number;
  device: string;
  browser: string;
  language: string;
  engagedMs: number;
}

/** Sessions whose visitor had an earlier session (by start), over the whole site. */
export function returningSessions(raw: Raw): Set<string> {
  const seen = new Set<string>();
  const out = new Set<string>();
  for (const s of [...raw.sessions].sort((a, b) => a.firstTs - b.firstTs)) {
    if (s.visitorId !== null && seen.has(s.visitorId)) out.add(s.sessionId);
    if (s.visitorId !== null) seen.add(s.visitorId);
  }
  return out;
}

/** Visits of each (session, page): what page "sessions" count, with the engagement on the page. */
function visitsOf(raw: Raw): Visit[] {
  const visits = new Map<string, Visit>();
  for (const e of raw.events) {
    if (e.type !== 'pageview' && e.type !== 'engagement') continue;
    const key = `${e.sessionId} ${e.path}`;
    if (!visits.has(key)) {
      visits.set(key, {
        sessionId: e.sessionId,
        path: e.path,
        first: e.ts,
        device: e.device,
        browser: e.browser,
        language: e.language,
        engagedMs: 0,
      });
    }
  }
  return [...visits.values()];
}

function sessionFigures(sessions: RawSession[], returning: Set<string>, withVisitors: boolean) {
  const started = sessions.length;
  const visitors = new Set(sessions.map((s) => s.visitorId ?? `session:${s.sessionId}`));
  const back = new Set(sessions.filter((s) => returning.has(s.sessionId)).map((s) => s.visitorId));
  return {
    started,
    bounceRate: percent(started - sessions.filter(isEngaged).length, started),
    conversionRate: percent(sessions.filter((s) => s.goals.size > 0).length, started),
    visitors: withVisitors ? visitors.size : null,
    returningVisitorRate: withVisitors ? percent(back.size, visitors.size) : null,
  };
}

/** The traffic figures of [from, to) per group value ('' when not grouped), for groups with any traffic. */
export function refTraffic(
  raw: Raw,
  from: number,
  to: number,
  f: RefFilters,
  group?: RefGroup,
): Map<string, RefTraffic> {
  const returning = returningSessions(raw);
  const keyOf = (x: { device: string; browser: string; language: string }) =>
    group && group !== 'entryPage' ? x[group] : '';
  const sessions = raw.sessions.filter((s) => inRange(s.firstTs, from, to) && inSegment(s, f));
  const out = new Map<string, RefTraffic>();

  if (group === 'entryPage') {
    const entered = sessions.filter((s) => f.path === undefined || s.entryPath === f.path);
    for (const path of new Set(entered.map((s) => s.entryPath))) {
      const mine = entered.filter((s) => s.entryPath === path);
      const x = sessionFigures(mine, returning, false);
      const engaged = mine.reduce((a, s) => a + s.engagedMs, 0);
      out.set(path, {
        visitors: null,
        sessions: x.started,
        pageviews: mine.reduce((a, s) => a + s.pageviews, 0),
        bounceRate: x.bounceRate,
        avgEngagementMs: x.started ? Math.round(engaged / x.started) : null,
        conversionRate: x.conversionRate,
        returningVisitorRate: null,
      });
    }
    return out;
  }

  const views = raw.events.filter(
    (e) =>
      e.type === 'pageview' &&
      inRange(e.ts, from, to) &&
      inSegment(e, f) &&
      (f.path === undefined || e.path === f.path),
  );
  // Under a path filter the session figures are of the sessions that entered on the page.
  const counted = f.path === undefined ? sessions : sessions.filter((s) => s.entryPath === f.path);
  const keys = new Set([...counted.map(keyOf), ...views.map(keyOf)]);
  let visits: Visit[] = [];
  let engagedOnPage = new Map<string, number>();
  if (f.path !== undefined) {
    visits = visitsOf(raw).filter((v) => v.path === f.path && inRange(v.first, from, to) && inSegment(v, f));
    for (const v of visits) keys.add(keyOf(v));
    engagedOnPage = new Map();
    for (const e of raw.events) {
      if (e.type === 'engagement' && e.path === f.path && inRange(e.ts, from, to) && inSegment(e, f)) {
        engagedOnPage.set(keyOf(e), (engagedOnPage.get(keyOf(e)) ?? 0) + Number(e.payload.engagedMs));
      }
    }
  }
  if (!group) keys.add('');
  for (const key of keys) {
    const mine = counted.filter((s) => keyOf(s) === key);
    const pageviews = views.filter((e) => keyOf(e) === key).length;
    if (f.path === undefined) {
      const x = sessionFigures(mine, returning, true);
      const engaged = mine.reduce((a, s) => a + s.engagedMs, 0);
      out.set(key, {
        visitors: x.visitors,
        sessions: x.started,
        pageviews,
        bounceRate: x.bounceRate,
        avgEngagementMs: x.started ? Math.round(engaged / x.started) : null,
        conversionRate: x.conversionRate,
        returningVisitorRate: x.returningVisitorRate,
      });
    } else {
      const x = sessionFigures(mine, returning, false);
      const n = visits.filter((v) => keyOf(v) === key).length;
      out.set(key, {
        visitors: null,
        sessions: n,
        pageviews,
        bounceRate: x.bounceRate,
        avgEngagementMs: n ? Math.round((engagedOnPage.get(key) ?? 0) / n) : null,
        conversionRate: x.conversionRate,
        returningVisitorRate: null,
      });
    }
  }
  return out;
}

/** Sessions started in [from, to) under the filters, a path meaning the page they entered on. */
export function refStartedSessions(raw: Raw, from: number, to: number, f: RefFilters): RawSession[] {
  return raw.sessions.filter(
    (s) => inRange(s.firstTs, from, to) && inSegment(s, f) && (f.path === undefined || s.entryPath === f.path),
  );
}
