import { bucketLabel, HOUR, inRange, percent, type Raw, type RawResponse } from './raw-rows.js';

// Reference NPS / CSAT / CES over raw responses and prompt_shown / prompt_dismissed events, in plain JS.

type Kind = 'nps' | 'csat' | 'ces';
const SCALE = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;
const r2 = (x: number) => Math.round(x * 100) / 100;

const Z = 1.959963984540054;

/**
 * The documented 95 % intervals, from the raw answers: NPS as the mean of +100/0/−100 per answer
 * with its population variance, CSAT by Wilson's formula, CES by the sample standard deviation.
 */
export function refInterval(
  kind: Kind,
  scores: readonly number[],
): { marginOfError: number | null; confidenceInterval: { low: number; high: number } | null } {
  const n = scores.length;
  if (n < 2) return { marginOfError: null, confidenceInterval: null };
  const [min, max] = kind === 'nps' ? [-100, 100] : kind === 'csat' ? [0, 100] : SCALE.ces;
  let centre: number;
  let margin: number;
  if (kind === 'nps') {
    const x = scores.map((s): number => (s >= 9 ? 100 : s <= 6 ? -100 : 0));
    const mean = x.reduce((a, b) => a + b, 0) / n;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
    [centre, margin] = [mean, Z * Math.sqrt(variance / n)];
  } else if (kind === 'csat') {
    const p = scores.filter((s) => s >= 4).length / n;
    const denom = 1 + (Z * Z) / n;
    centre = (100 * (p + (Z * Z) / (2 * n))) / denom;
    margin = (100 * Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))) / denom;
  } else {
    const mean = scores.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    [centre, margin] = [mean, (Z * sd) / Math.sqrt(n)];
  }
  return {
    marginOfError: r2(margin),
    confidenceInterval: { low: r2(Math.max(min, centre - margin)), high: r2(Math.min(max, centre + margin)) },
  };
}

export function refSummary(kind: Kind, answers: readonly RawResponse[], displays: number, dismissals: number) {
  const [min, max] = SCALE[kind];
  const n = answers.length;
  const countWhere = (f: (s: number) => boolean) => answers.filter((a) => f(a.score)).length;
  const out: Record<string, unknown> = {
    responses: n,
    comments: answers.filter((a) => a.comment !== null).length,
    displays,
    responseRate: percent(n, displays),
    dismissals,
    dismissalRate: percent(dismissals, displays),
    ...refInterval(
      kind,
      answers.map((a) => a.score),
    ),
    distribution: Array.from({ length: max - min + 1 }, (_, i) => ({
      score: min + i,
      responses: countWhere((s) => s === min + i),
    })),
  };
  if (kind === 'nps') {
    const p = countWhere((s) => s >= 9);
    const d = countWhere((s) => s <= 6);
    out.nps = {
      promoters: p,
      passives: n - p - d,
      detractors: d,
      promoterPercent: percent(p, n),
      detractorPercent: percent(d, n),
    };
    out.score = n ? r2((100 * (p - d)) / n) : null;
  } else if (kind === 'csat') {
    const s = countWhere((x) => x >= 4);
    out.csat = { satisfied: s, satisfiedPercent: percent(s, n) };
    out.score = percent(s, n);
  } else {
    const mean = n ? r2(answers.reduce((a, x) => a + x.score, 0) / n) : null;
    const e = countWhere((x) => x >= 5);
    out.ces = { mean, easy: e, easyPercent: percent(e, n) };
    out.score = mean;
  }
  return out;
}

export interface ScoreQuestion {
  kind: Kind;
  fromHour: number;
  toHour: number;
  tz: string;
  interval: 'day' | 'week' | 'month';
  filters: Partial<Record<'prompt' | 'path' | 'device' | 'browser' | 'language', string>>;
  groupBy?: 'prompt' | 'path' | 'device' | 'browser' | 'language';
}

const dimOf = (
  x: { promptId: string | null; path: string; device: string; browser: string; language: string },
  dim: string,
) => (dim === 'prompt' ? x.promptId : (x as unknown as Record<string, string>)[dim]);

export function refScores(raw: Raw, q: ScoreQuestion, kindPrompts: readonly string[]) {
  const match = (x: { promptId: string | null; path: string; device: string; browser: string; language: string }) =>
    Object.entries(q.filters).every(([k, v]) => v === undefined || dimOf(x, k) === v);
  const answers = raw.responses.filter((r) => r.kind === q.kind && match(r));
  const shown = raw.events.filter((e) => e.type === 'prompt_shown' && kindPrompts.includes(e.promptId!) && match(e));
  const dismissed = raw.events.filter(
    (e) => e.type === 'prompt_dismissed' && kindPrompts.includes(e.promptId!) && match(e),
  );
  const within = <T>(xs: T[], at: (x: T) => number, from: number, to: number) =>
    xs.filter((x) => inRange(at(x), from, to));
  const labels: { label: string; start: number; end: number }[] = [];
  for (let h = q.fromHour; h < q.toHour; h += HOUR) {
    const label = bucketLabel(h, q.tz, q.interval);
    if (labels.at(-1)?.label === label) labels.at(-1)!.end = h + HOUR;
    else labels.push({ label, start: h, end: h + HOUR });
  }
  const a = within(answers, (x) => x.createdAt, q.fromHour, q.toHour);
  const s = within(shown, (x) => x.ts, q.fromHour, q.toHour);
  const x = within(dismissed, (e) => e.ts, q.fromHour, q.toHour);
  const out: Record<string, unknown> = {
    total: refSummary(q.kind, a, s.length, x.length),
    series: labels.map((b) => ({
      period: b.label,
      from: new Date(b.start).toISOString(),
      to: new Date(b.end).toISOString(),
      ...refSummary(
        q.kind,
        within(answers, (r) => r.createdAt, b.start, b.end),
        within(shown, (e) => e.ts, b.start, b.end).length,
        within(dismissed, (e) => e.ts, b.start, b.end).length,
      ),
    })),
  };
  if (q.groupBy) {
    const g = q.groupBy;
    const keys = new Set([...a, ...s, ...x].map((r) => dimOf(r, g)));
    out.groups = [...keys].map((key) => ({
      key,
      ...refSummary(
        q.kind,
        a.filter((r) => dimOf(r, g) === key),
        s.filter((e) => dimOf(e, g) === key).length,
        x.filter((e) => dimOf(e, g) === key).length,
      ),
    }));
  }
  return out;
}
