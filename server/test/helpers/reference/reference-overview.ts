import { inRange, isEngaged, percent, type Raw, type RawResponse } from './raw-rows.js';

// Reference overview figures of one period over raw sessions, responses and track events.

const r2 = (x: number) => Math.round(x * 100) / 100;
const DETRACTOR_MAX = { nps: 6, csat: 2, ces: 3 } as const;

function headline(kind: 'nps' | 'csat' | 'ces', rs: RawResponse[]): number | null {
  const scores = rs.filter((r) => r.kind === kind).map((r) => r.score);
  if (scores.length === 0) return null;
  if (kind === 'nps') return r2((100 * (scores.filter((s) => s >= 9).length - scores.filter((s) => s <= 6).length)) / scores.length);
  if (kind === 'csat') return percent(scores.filter((s) => s >= 4).length, scores.length);
  return r2(scores.reduce((a, b) => a + b, 0) / scores.length);
}

export function refOverview(raw: Raw, from: number, to: number) {
  const ordered = [...raw.sessions].sort((a, b) => a.firstTs - b.firstTs);
  const seen = new Set<string>();
  const returningSession = new Set<string>();
  for (const s of ordered) {
    if (s.visitorId !== null && seen.has(s.visitorId)) returningSession.add(s.sessionId);
    if (s.visitorId !== null) seen.add(s.visitorId);
  }
  const sessions = raw.sessions.filter((s) => inRange(s.firstTs, from, to));
  const visitors = new Set(sessions.map((s) => s.visitorId ?? `session:${s.sessionId}`));
  const returning = new Set(sessions.filter((s) => returningSession.has(s.sessionId)).map((s) => s.visitorId));
  const engaged = sessions.filter(isEngaged).length;

  const rs = raw.responses.filter((r) => inRange(r.createdAt, from, to));
  const complaintsOf = rs.filter((r) => r.comment !== null && r.score <= DETRACTOR_MAX[r.kind]);
  const resolvedNow = raw.responses.filter((r) => r.resolvedAt !== null && r.resolvedAt >= from && r.resolvedAt < to);
  const durations = resolvedNow.map((r) => r.resolvedAt! - r.createdAt).sort((a, b) => a - b);
  const mid = durations.length >> 1;
  const median =
    durations.length === 0 ? null : durations.length % 2 ? durations[mid]! : Math.round((durations[mid - 1]! + durations[mid]!) / 2);

  const goals = new Map<string, number>();
  for (const s of sessions) {
    for (const name of new Set(s.events.filter((e) => e.type === 'track').map((e) => e.trackName!))) {
      goals.set(name, (goals.get(name) ?? 0) + 1);
    }
  }
  return {
    visitors: visitors.size,
    sessions: sessions.length,
    bounceRate: percent(sessions.length - engaged, sessions.length),
    returningVisitorRate: percent(returning.size, visitors.size),
    responses: rs.length,
    nps: headline('nps', rs),
    csat: headline('csat', rs),
    ces: headline('ces', rs),
    complaints: complaintsOf.length,
    complaintRate: percent(complaintsOf.length, rs.length),
    openComplaints: complaintsOf.filter((r) => r.resolvedAt === null).length,
    resolved: resolvedNow.length,
    medianTimeToResolveMs: median,
    goals,
  };
}
