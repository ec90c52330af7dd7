import { hourOf, inSegment, percent, type Raw } from './raw-rows.js';

// Reference journeys: the last page steps before each answer, tallied per score band, in plain JS.

const BANDS = {
  nps: { detractor: [0, 6], passive: [7, 8], promoter: [9, 10] },
  csat: { detractor: [1, 2], passive: [3, 3], promoter: [4, 5] },
  ces: { detractor: [1, 3], passive: [4, 4], promoter: [5, 7] },
} as const;
export type Kind = keyof typeof BANDS;
export type Band = keyof (typeof BANDS)['nps'];
export const bandOf = (kind: Kind, score: number) =>
  (Object.entries(BANDS[kind]) as [Band, readonly [number, number]][]).find(
    ([, [lo, hi]]) => score >= lo && score <= hi,
  )![0];
const round2 = (x: number) => Math.round(x * 100) / 100;

/** The last `depth` page steps before `at` (a repeated path is one step). */
function refJourney(raw: Raw, sessionId: string, at: number): string[] {
  const steps: string[] = [];
  for (const e of raw.events) {
    if (e.sessionId !== sessionId || e.type !== 'pageview' || e.ts >= at) continue;
    if (steps[steps.length - 1] !== e.path) steps.push(e.path);
  }
  return steps.slice(-5);
}

export function refJourneys(
  raw: Raw,
  q: { kind: Kind; segment: Band; compareTo: Band; depth: number; fromHour: number; toHour: number },
  filters: Record<string, string>,
) {
  const tallies = new Map<string, { n: number; sum: number; c: number }>();
  let inBand = 0;
  let inCompared = 0;
  for (const r of raw.responses) {
    if (r.kind !== q.kind || !inSegment(r, filters)) continue;
    if (hourOf(r.createdAt) < q.fromHour || hourOf(r.createdAt) >= q.toHour) continue;
    const steps = refJourney(raw, r.sessionId, r.createdAt);
    if (steps.length < q.depth) continue;
    const key = JSON.stringify(steps.slice(-q.depth));
    const band = bandOf(q.kind, r.score);
    const t = tallies.get(key) ?? { n: 0, sum: 0, c: 0 };
    if (band === q.segment) {
      t.n += 1;
      t.sum += r.score;
      inBand += 1;
    }
    if (band === q.compareTo) {
      t.c += 1;
      inCompared += 1;
    }
    tallies.set(key, t);
  }
  const journeys = [...tallies]
    .filter(([, t]) => t.n > 0)
    .map(([key, t]) => ({
      steps: JSON.parse(key) as string[],
      responses: t.n,
      share: percent(t.n, inBand),
      meanScore: round2(t.sum / t.n),
      compared: { responses: t.c, share: percent(t.c, inCompared) },
    }));
  return { totals: { segment: inBand, compareTo: inCompared }, journeys };
}
