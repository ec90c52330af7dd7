// A small seeded PRNG and the distributions the seed draws from, so a seed is reproducible.

/** mulberry32 (Tommy Ettinger, public domain): fast, 32-bit state, good enough for test data. */
export function createRandom(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    // Box–Muller; 1 − u keeps log away from 0.
    const u = 1 - next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    /** A value with the given median and log-space spread. */
    logNormal: (median: number, sigma: number) => median * Math.exp(sigma * normal()),
    /** Failures before the first success: mean (1 − p) ÷ p. */
    geometric: (p: number) => Math.floor(Math.log(1 - next()) / Math.log(1 - p)),
    poisson: (mean: number) => {
      let k = 0;
      for (let p = Math.exp(-mean), s = next(); s > p; s *= next()) k += 1;
      return k;
    },
  };
}

export type Random = ReturnType<typeof createRandom>;

/** Picks from weighted items by a cumulative table (built once, binary-searched per draw). */
export function weighted<T>(items: readonly (readonly [T, number])[]): (r: Random) => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const [, w] of items) {
    total += w;
    cumulative.push(total);
  }
  return (r) => {
    const x = r.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]![0];
  };
}

/** Zipf weights 1/rank^s: a few pages get most of the traffic, as on real sites. */
export const zipf = <T>(items: readonly T[], s = 1): (readonly [T, number])[] =>
  items.map((x, i) => [x, 1 / (i + 1) ** s] as const);
