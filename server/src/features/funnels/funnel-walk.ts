/**
 * How far one session went through a funnel, from its reaches `[keyId, ts, …]` in time order and
 * the key ids each step accepts. Step 1 is the session's earliest reach of it; each next step is the
 * earliest reach of it at or after the step before, other than a reach already used (so `/cart`
 * twice in a row needs two views of the cart). Taking the earliest each time leaves every later
 * reach free for the steps after, so no other choice goes further. Returns the time of each step
 * reached, in order.
 */
export function walkFunnel(steps: readonly number[], accepts: readonly ReadonlySet<number>[]): number[] {
  const times: number[] = [];
  const used: number[] = [];
  let after = Number.NEGATIVE_INFINITY;
  for (const accept of accepts) {
    let found = -1;
    for (let i = 0; i + 1 < steps.length; i += 2) {
      if (steps[i + 1]! < after || !accept.has(steps[i]!) || used.includes(i)) continue;
      found = i;
      break;
    }
    if (found < 0) break;
    used.push(found);
    after = steps[found + 1]!;
    times.push(after);
  }
  return times;
}

/** The median of the values (the mean of the two middle ones for an even count); null for none. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : Math.round((values[mid - 1]! + values[mid]!) / 2);
}

/** A percentage with two decimals; null without a denominator. */
export const percent = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 100;
