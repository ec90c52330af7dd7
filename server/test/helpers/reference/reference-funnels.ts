import type { Raw, RawEvent, RawSession } from './raw-rows.js';

// The funnel and goal conversion computed the plain way, from the raw events of each session.

/** Does a raw event reach this step? A page pattern's `*` is any run of characters; without one, a trailing slash is ignored. */
export function refStepMatches(step: string, e: RawEvent): boolean {
  if (step.startsWith('track:')) return e.type === 'track' && e.trackName === step.slice(6);
  if (e.type !== 'pageview') return false;
  if (!step.includes('*')) {
    const strip = (p: string) => (p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p);
    return strip(e.path) === strip(step);
  }
  const parts = step.split('*');
  let at = 0;
  for (const [i, part] of parts.entries()) {
    if (i === 0) {
      if (!e.path.startsWith(part)) return false;
      at = part.length;
    } else if (i === parts.length - 1) {
      if (!e.path.endsWith(part) || e.path.length - part.length < at) return false;
    } else {
      const found = e.path.indexOf(part, at);
      if (found < 0) return false;
      at = found + part.length;
    }
  }
  return true;
}

/** Step times of one session: step 1 its first match, each next the first unused match at or after the one before. */
export function refWalk(session: RawSession, steps: readonly string[]): number[] {
  const events = [...session.events].sort((a, b) => a.ts - b.ts);
  const used = new Set<RawEvent>();
  const times: number[] = [];
  let after = Number.NEGATIVE_INFINITY;
  for (const step of steps) {
    const e = events.find((x) => x.ts >= after && !used.has(x) && refStepMatches(step, x));
    if (!e) break;
    used.add(e);
    times.push(e.ts);
    after = e.ts;
  }
  return times;
}

export interface RefFilters {
  path?: string;
  device?: string;
  browser?: string;
  language?: string;
}

const inSegment = (s: RawSession, f: RefFilters) =>
  (f.device === undefined || s.device === f.device) &&
  (f.browser === undefined || s.browser === f.browser) &&
  (f.language === undefined || s.language === f.language) &&
  (f.path === undefined || s.events.some((e) => e.type === 'pageview' && e.path === f.path));

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const v = [...xs].sort((a, b) => a - b);
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m]! : Math.round((v[m - 1]! + v[m]!) / 2);
};
const pct = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 100);

export function refFunnel(raw: Raw, steps: readonly string[], fromMs: number, toMs: number, f: RefFilters) {
  const entered = steps.map(() => 0);
  const gaps: number[][] = steps.map(() => []);
  const totals: number[] = [];
  for (const s of raw.sessions) {
    if (!inSegment(s, f)) continue;
    const times = refWalk(s, steps);
    if (times.length === 0 || times[0]! < fromMs || times[0]! >= toMs) continue;
    times.forEach((t, k) => {
      entered[k]! += 1;
      if (k > 0) gaps[k - 1]!.push(t - times[k - 1]!);
    });
    if (times.length === steps.length) totals.push(times[times.length - 1]! - times[0]!);
  }
  return {
    steps: steps.map((step, k) => {
      const last = k === steps.length - 1;
      const converted = last ? 0 : entered[k + 1]!;
      return {
        step,
        entered: entered[k]!,
        converted,
        dropOff: last ? 0 : entered[k]! - converted,
        conversionRate: last ? null : pct(converted, entered[k]!),
        fromStartRate: pct(entered[k]!, entered[0]!),
        medianMsToNext: last ? null : median(gaps[k]!),
      };
    }),
    completionRate: pct(entered[steps.length - 1]!, entered[0]!),
    medianMsToComplete: median(totals),
  };
}

/** Conversion per page or device of the sessions whose first page view or goal lies in the range. */
export function refConversion(
  raw: Raw,
  by: 'page' | 'device',
  goal: string | undefined,
  fromMs: number,
  toMs: number,
  f: RefFilters,
) {
  const out = new Map<string, { sessions: number; converted: number }>();
  for (const s of raw.sessions) {
    if (!inSegment(s, f)) continue;
    const reaches = s.events.filter((e) => e.type === 'pageview' || e.type === 'track');
    if (reaches.length === 0) continue;
    const first = Math.min(...reaches.map((e) => e.ts));
    if (first < fromMs || first >= toMs) continue;
    const converted = reaches.some((e) => e.type === 'track' && (goal === undefined || e.trackName === goal));
    const values =
      by === 'device' ? [s.device] : [...new Set(reaches.filter((e) => e.type === 'pageview').map((e) => e.path))];
    for (const v of values) {
      const c = out.get(v) ?? { sessions: 0, converted: 0 };
      c.sessions += 1;
      if (converted) c.converted += 1;
      out.set(v, c);
    }
  }
  return out;
}

/** Each session's step times through the funnel, for the sessions whose step 1 lies in the range (no filters). */
export function refFunnelWalks(raw: Raw, steps: readonly string[], fromMs: number, toMs: number): number[][] {
  return raw.sessions
    .map((s) => refWalk(s, steps))
    .filter((times) => times.length > 0 && times[0]! >= fromMs && times[0]! < toMs);
}

/**
 * Conversion per answer band: each session's last answer of `kind` (ties: the one stored last),
 * when it lies in the range, in its band; converted if the session tracked the goal (any without one).
 */
export function refBandConversion(
  raw: Raw,
  kind: 'nps' | 'csat' | 'ces',
  goal: string | undefined,
  fromMs: number,
  toMs: number,
  f: RefFilters,
) {
  const sessions = new Map(raw.sessions.map((s) => [s.sessionId, s]));
  const last = new Map<string, { score: number; createdAt: number }>();
  const answers = raw.responses.filter((r) => r.kind === kind && sessions.has(r.sessionId!));
  for (const r of [...answers].sort((a, b) => a.createdAt - b.createdAt)) last.set(r.sessionId!, r);
  const ranges = { nps: [6, 8], csat: [2, 3], ces: [3, 4] }[kind];
  const out = new Map<string, { sessions: number; converted: number }>();
  for (const [id, r] of last) {
    const s = sessions.get(id)!;
    if (!inSegment(s, f) || r.createdAt < fromMs || r.createdAt >= toMs) continue;
    const band = r.score <= ranges[0]! ? 'detractor' : r.score <= ranges[1]! ? 'passive' : 'promoter';
    const converted = s.events.some((e) => e.type === 'track' && (goal === undefined || e.trackName === goal));
    const c = out.get(band) ?? { sessions: 0, converted: 0 };
    c.sessions += 1;
    if (converted) c.converted += 1;
    out.set(band, c);
  }
  return out;
}
