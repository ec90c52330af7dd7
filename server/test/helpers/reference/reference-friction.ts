import { percent, type Raw, type RawResponse } from './raw-rows.js';
import { refFrictionBefore } from './reference-signals.js';

// Reference friction insight: scores of answers after friction vs. without, in plain JS.

type Kind = 'nps' | 'csat' | 'ces';
const r2 = (x: number) => Math.round(x * 100) / 100;
const DETRACTOR_MAX = { nps: 6, csat: 2, ces: 3 } as const;
const TYPES = [
  ['rage', 'rageClicks'],
  ['dead', 'deadClicks'],
  ['errorClick', 'errorClicks'],
  ['jsError', 'jsErrors'],
] as const;

function group(kind: Kind, rs: RawResponse[]) {
  const n = rs.length;
  const s = rs.map((r) => r.score);
  let score: number | null = null;
  if (n && kind === 'nps') score = r2((100 * (s.filter((x) => x >= 9).length - s.filter((x) => x <= 6).length)) / n);
  if (n && kind === 'csat') score = percent(s.filter((x) => x >= 4).length, n);
  if (n && kind === 'ces') score = r2(s.reduce((a, b) => a + b, 0) / n);
  return { responses: n, score, detractorRate: percent(s.filter((x) => x <= DETRACTOR_MAX[kind]).length, n) };
}

function compare(kind: Kind, met: RawResponse[], notMet: RawResponse[]) {
  const m = group(kind, met);
  const n = group(kind, notMet);
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : r2(a - b));
  return { met: m, notMet: n, scoreGap: diff(m.score, n.score), detractorLift: diff(m.detractorRate, n.detractorRate) };
}

export function refFrictionInsight(raw: Raw, kind: Kind, from: number, to: number, minResponses: number) {
  const before = refFrictionBefore(raw);
  const rs = raw.responses.filter(
    (r) => r.kind === kind && before.get(r.displayId)!.hour >= from && before.get(r.displayId)!.hour < to,
  );
  const f = (r: RawResponse) => before.get(r.displayId)!;
  const any = (r: RawResponse) => TYPES.some(([, k]) => f(r).friction[k] > 0);
  const overall = compare(
    kind,
    rs.filter(any),
    rs.filter((r) => !any(r)),
  );
  const byType = TYPES.map(([type, k]) => ({
    type,
    ...compare(
      kind,
      rs.filter((r) => f(r).friction[k] > 0),
      rs.filter((r) => f(r).friction[k] === 0),
    ),
  }));
  const paths = [...new Set(rs.flatMap((r) => [...f(r).pages.keys()]))];
  const byPage = paths
    .map((path) => ({
      path,
      ...compare(
        kind,
        rs.filter((r) => f(r).pages.get(path) === 1),
        rs.filter((r) => f(r).pages.get(path) === 0),
      ),
    }))
    .filter((p) => p.met.responses > 0)
    .sort((a, b) => b.met.responses - a.met.responses || (a.path < b.path ? -1 : 1));
  const candidates = [...byType.map((t) => ({ ...t, path: null })), ...byPage.map((p) => ({ ...p, type: null }))]
    .filter((c) => c.met.responses >= minResponses && c.notMet.responses >= minResponses && (c.detractorLift ?? 0) > 0)
    .sort((a, b) => b.detractorLift! - a.detractorLift! || b.met.responses - a.met.responses);
  return { overall, byType, byPage, topFriction: candidates[0] ?? null };
}
