import { hourOf, inRange, type Raw, type RawEvent } from './raw-rows.js';

// Reference error groups, frustration clicks and per-response friction over raw events.

interface Filters {
  path?: string | undefined;
  device?: string | undefined;
}
const passes = (e: RawEvent, f: Filters) => (!f.path || e.path === f.path) && (!f.device || e.device === f.device);

export function refErrors(
  raw: Raw,
  from: number,
  to: number,
  f: Filters,
  buckets: readonly { start: number; end: number }[],
) {
  const errors = raw.events.filter((e) => e.type === 'error');
  const groups = new Map<string, { count: number; sessions: number; pages: Map<string, number>; all: RawEvent[] }>();
  const group = (fp: string) => {
    let g = groups.get(fp);
    if (!g) {
      g = { count: 0, sessions: 0, pages: new Map(), all: [] };
      groups.set(fp, g);
    }
    return g;
  };
  const firstOfPair = new Map<string, RawEvent>();
  for (const e of errors) {
    const g = group(e.fingerprint!);
    g.all.push(e);
    const pair = `${e.sessionId} ${e.fingerprint}`;
    if (!firstOfPair.has(pair)) firstOfPair.set(pair, e);
    if (!inRange(e.ts, from, to) || !passes(e, f)) continue;
    g.count += 1;
    g.pages.set(e.path, (g.pages.get(e.path) ?? 0) + 1);
  }
  for (const e of firstOfPair.values())
    if (inRange(e.ts, from, to) && passes(e, f)) group(e.fingerprint!).sessions += 1;
  const out = new Map<string, unknown>();
  for (const [fp, g] of groups) {
    if (g.count === 0) continue;
    const latest = g.all[g.all.length - 1]!;
    out.set(fp, {
      fingerprint: fp,
      type: latest.payload.errorType,
      source: latest.payload.source,
      message: latest.payload.message,
      stack: latest.payload.frames ?? [],
      count: g.count,
      sessions: g.sessions,
      firstSeen: new Date(g.all[0]!.ts).toISOString(),
      lastSeen: new Date(latest.ts).toISOString(),
      pages: [...g.pages]
        .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
        .slice(0, 10)
        .map(([path, count]) => ({ path, count })),
      series: buckets.map((b) => g.all.filter((e) => inRange(e.ts, b.start, b.end) && passes(e, f)).length),
    });
  }
  return out;
}

export function refClicks(raw: Raw, from: number, to: number, f: Filters & { kind?: string | undefined }) {
  const out = new Map<
    string,
    { path: string; selector: string; events: number; clicks: number; rage: number; dead: number; error: number }
  >();
  for (const e of raw.events) {
    if (e.type !== 'click' || e.clickKind === 'click' || (f.kind && e.clickKind !== f.kind)) continue;
    if (!inRange(e.ts, from, to) || !passes(e, f)) continue;
    const key = `${e.path} ${e.selector}`;
    const g = out.get(key) ?? { path: e.path, selector: e.selector!, events: 0, clicks: 0, rage: 0, dead: 0, error: 0 };
    g.events += 1;
    g.clicks += Number(e.payload.count ?? 1);
    g[e.clickKind as 'rage' | 'dead' | 'error'] += 1;
    out.set(key, g);
  }
  return out;
}

/** What each answer's session met strictly before the answer. */
export function refFrictionBefore(raw: Raw) {
  const bySession = new Map(raw.sessions.map((s) => [s.sessionId, s.events]));
  return new Map(
    raw.responses.map((r) => {
      const before = bySession.get(r.sessionId)!.filter((e) => e.ts < r.createdAt);
      const clicks = (k: string) => before.filter((e) => e.type === 'click' && e.clickKind === k);
      const js = before.filter((e) => e.type === 'error' && e.payload.source !== 'resource');
      const pages = new Map<string, 0 | 1>();
      for (const e of before) {
        const friction =
          (e.type === 'click' && e.clickKind !== 'click') || (e.type === 'error' && e.payload.source !== 'resource');
        if (e.type === 'pageview' && !pages.has(e.path)) pages.set(e.path, 0);
        if (friction) pages.set(e.path, 1);
      }
      const f = {
        pagesSeen: before.filter((e) => e.type === 'pageview').length,
        rageClicks: clicks('rage').length,
        deadClicks: clicks('dead').length,
        errorClicks: clicks('error').length,
        jsErrors: js.length,
      };
      return [r.displayId, { friction: f, pages, hour: hourOf(r.createdAt) }] as const;
    }),
  );
}
