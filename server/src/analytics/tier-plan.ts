import { DAY_MS, HOUR_MS } from './local-calendar.js';

// Cuts an hour range into the spans to read from each rollup tier: whole UTC months from the
// monthly tier, whole UTC days from the daily tier, the rest from the hourly rollups. With
// `subtract`, a partial unit that is mostly covered is read as the whole unit minus the uncovered
// part (e.g. a New York day = one UTC day − 5 h + 5 h of the next), which halves the rows read for
// local days and makes "from a month start to now" one monthly row: counts are additive, so
// subtraction is exact. Sketches (not subtractable) use `subtract: false`.

export type Tier = 'hour' | 'daily' | 'monthly';

export interface Span {
  tier: Tier;
  start: number;
  end: number;
  sign: 1 | -1;
}

export interface PlanOptions {
  subtract?: boolean;
  /** The coarsest tier to use (sketches have no monthly tier). */
  coarsest?: Tier;
}

const monthFloor = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
const monthNext = (t: number) => {
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};
const dayFloor = (t: number) => t - (((t % DAY_MS) + DAY_MS) % DAY_MS);

const UNITS = {
  monthly: { floor: monthFloor, next: monthNext, finer: 'daily' },
  daily: { floor: dayFloor, next: (t: number) => dayFloor(t) + DAY_MS, finer: 'hour' },
} as const;

/** The end of the tier's unit that starts at `t` (the next unit's start). */
export const unitEnd = (tier: Tier, t: number): number =>
  tier === 'monthly' ? monthNext(t) : t + (tier === 'daily' ? DAY_MS : HOUR_MS);

/** The starts of the tier's units a span covers (UTC months, days or hours). */
export function spanUnits(span: Span): number[] {
  const out: number[] = [];
  for (let t = span.start; t < span.end; t = unitEnd(span.tier, t)) out.push(t);
  return out;
}

/** Who uses each unit of each tier: [bucket index, sign] for every bucket whose spans cover it. */
export type UnitUsers = Map<Tier, Map<number, [number, 1 | -1][]>>;

/** The units each tier must be read for to sum every bucket's spans, with the buckets using them. */
export function unitUsers(buckets: readonly (readonly Span[])[]): UnitUsers {
  const users: UnitUsers = new Map();
  buckets.forEach((spans, b) => {
    for (const span of spans) {
      let byUnit = users.get(span.tier);
      if (!byUnit) {
        byUnit = new Map();
        users.set(span.tier, byUnit);
      }
      for (const unit of spanUnits(span)) {
        const list = byUnit.get(unit);
        if (list) list.push([b, span.sign]);
        else byUnit.set(unit, [[b, span.sign]]);
      }
    }
  });
  return users;
}

export function planSpans(start: number, end: number, opts: PlanOptions = {}): Span[] {
  const out: Span[] = [];
  const subtract = opts.subtract ?? true;

  function plan(a: number, b: number, sign: 1 | -1, tier: Tier): void {
    if (a >= b) return;
    if (tier === 'hour') {
      out.push({ tier, start: a, end: b, sign });
      return;
    }
    const unit = UNITS[tier];
    const lo = unit.floor(a) === a ? a : unit.next(a);
    const hi = unit.floor(b);
    if (lo < hi) {
      partial(a, lo, sign, tier);
      out.push({ tier, start: lo, end: hi, sign });
      partial(hi, b, sign, tier);
    } else if (lo === hi) {
      partial(a, lo, sign, tier);
      partial(lo, b, sign, tier);
    } else {
      partial(a, b, sign, tier);
    }
  }

  /** [a, b) lies within one unit of `tier`. */
  function partial(a: number, b: number, sign: 1 | -1, tier: Exclude<Tier, 'hour'>): void {
    if (a >= b) return;
    const unit = UNITS[tier];
    const u0 = unit.floor(a);
    const u1 = unit.next(a);
    if (subtract && b - a > (u1 - u0) / 2) {
      out.push({ tier, start: u0, end: u1, sign });
      plan(u0, a, -sign as 1 | -1, unit.finer);
      plan(b, u1, -sign as 1 | -1, unit.finer);
    } else {
      plan(a, b, sign, unit.finer);
    }
  }

  plan(start, end, 1, opts.coarsest ?? 'monthly');
  return merge(out);
}

/** Adjacent spans of the same tier and sign read as one. */
function merge(spans: Span[]): Span[] {
  const sorted = spans.sort((x, y) =>
    x.tier === y.tier ? x.sign - y.sign || x.start - y.start : x.tier < y.tier ? -1 : 1,
  );
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && last.tier === s.tier && last.sign === s.sign && last.end === s.start) last.end = s.end;
    else out.push({ ...s });
  }
  return out;
}
