import { hourOf, inSegment, percent, type Raw, type RefFilters } from './raw-rows.js';

// Plain computations over raw rows of what the rates routes answer (error rate, engagement and
// ordinary clicks), written from their documented definitions, not from the read model.

/** One session as the rates count it: start hour, first event's segment and release, JS errors, engaged ms. */
export interface RefRateSession {
  hour: number;
  device: string;
  browser: string;
  language: string;
  release: string;
  jsError: boolean;
  engagedMs: number;
}

/** One page visit: the hour of its first view or engagement, and whether a JS error followed there. */
export interface RefVisit {
  hour: number;
  path: string;
  device: string;
  browser: string;
  language: string;
  jsError: boolean;
}

const isJsError = (e: { type: string; payload: Record<string, unknown> }) =>
  e.type === 'error' && e.payload.source !== 'resource';

export function refRateSessions(raw: Raw): RefRateSession[] {
  return raw.sessions.map((s) => {
    const first = s.events[0]!;
    return {
      hour: hourOf(s.firstTs),
      device: s.device,
      browser: s.browser,
      language: s.language,
      release: first.type === 'pageview' ? String(first.payload.release ?? '') : '',
      jsError: s.events.some(isJsError),
      engagedMs: s.engagedMs,
    };
  });
}

export function refVisits(raw: Raw): RefVisit[] {
  const out: RefVisit[] = [];
  for (const s of raw.sessions) {
    const visits = new Map<string, RefVisit>();
    for (const e of s.events) {
      const v = visits.get(e.path);
      if (e.type === 'pageview' || e.type === 'engagement') {
        if (!v)
          visits.set(e.path, {
            hour: hourOf(e.ts),
            path: e.path,
            device: e.device,
            browser: e.browser,
            language: e.language,
            jsError: false,
          });
      } else if (v && isJsError(e)) v.jsError = true;
    }
    out.push(...visits.values());
  }
  return out;
}

export interface RefErrorFilters extends RefFilters {
  release?: string | undefined;
}

const figures = (rows: readonly { jsError: boolean }[]) => {
  const errorSessions = rows.filter((r) => r.jsError).length;
  return { sessions: rows.length, errorSessions, errorRate: percent(errorSessions, rows.length) };
};

/** Total, per bucket and per group (unsorted) of the error rate. */
export function refErrorRate(
  raw: Raw,
  buckets: readonly { start: number; end: number }[],
  from: number,
  to: number,
  f: RefErrorFilters,
  by: 'page' | 'device' | 'browser' | 'language' | 'release' | undefined,
) {
  const sessions = refRateSessions(raw).filter(
    (s) => inSegment(s, f) && (f.release === undefined || s.release === f.release),
  );
  const visits = refVisits(raw).filter((v) => inSegment(v, f) && (f.path === undefined || v.path === f.path));
  const rows: { hour: number; jsError: boolean }[] = f.path === undefined ? sessions : visits;
  const within = (a: number, b: number) => rows.filter((r) => r.hour >= a && r.hour < b);
  const total = figures(within(from, to));
  const series = buckets.map((b) => figures(within(b.start, b.end)));
  let groups: Map<string, ReturnType<typeof figures>> | undefined;
  if (by !== undefined) {
    const source: (RefRateSession | RefVisit)[] = by === 'page' || f.path !== undefined ? visits : sessions;
    const keyOf = (r: RefRateSession | RefVisit) =>
      by === 'page' ? (r as RefVisit).path : String((r as unknown as Record<string, string>)[by]);
    const byKey = new Map<string, { jsError: boolean }[]>();
    for (const r of source) {
      if (r.hour < from || r.hour >= to) continue;
      const k = keyOf(r);
      byKey.set(k, [...(byKey.get(k) ?? []), r]);
    }
    groups = new Map([...byKey].map(([k, v]) => [k, figures(v)]));
  }
  return { total, series, groups };
}

/** Exact mean and median (lower middle) of the engaged ms of the sessions started in [a, b). */
export function refEngagement(raw: Raw, a: number, b: number, f: RefFilters) {
  const ms = refRateSessions(raw)
    .filter((s) => inSegment(s, f) && s.hour >= a && s.hour < b)
    .map((s) => s.engagedMs)
    .sort((x, y) => x - y);
  if (ms.length === 0) return { sessions: 0, meanMs: null, medianMs: null };
  return {
    sessions: ms.length,
    meanMs: Math.round(ms.reduce((n, x) => n + x, 0) / ms.length),
    medianMs: ms[Math.ceil(ms.length / 2) - 1]!,
  };
}

/** Ordinary clicks per `path selector` in [from, to). */
export function refPlainClicks(raw: Raw, from: number, to: number, f: { path?: string; device?: string }) {
  const out = new Map<string, number>();
  for (const e of raw.events) {
    if (e.type !== 'click' || e.clickKind !== 'click') continue;
    if (hourOf(e.ts) < from || hourOf(e.ts) >= to) continue;
    if ((f.path !== undefined && e.path !== f.path) || (f.device !== undefined && e.device !== f.device)) continue;
    const k = `${e.path} ${e.selector}`;
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}
