/** Counts a writer derives from stored rows: per row, its key's columns and its counters' values, by the key joined with \u0001. */
export type KeyedCounts = Map<string, { key: (string | number)[]; counts: number[] }>;

/**
 * What rows derived from the same stored rows before and after some writes changed by: each key's
 * counts after less those it had before (a key only before taken back whole), counter by counter.
 * `add` gets every change that is not 0, with the counter's index.
 */
export function forEachCountChange(
  before: KeyedCounts,
  after: KeyedCounts,
  add: (key: (string | number)[], counter: number, amount: number) => void,
): void {
  for (const [id, x] of after) {
    const old = before.get(id)?.counts;
    for (let i = 0; i < x.counts.length; i++) {
      const amount = x.counts[i]! - (old?.[i] ?? 0);
      if (amount !== 0) add(x.key, i, amount);
    }
  }
  for (const [id, x] of before) {
    if (after.has(id)) continue;
    for (let i = 0; i < x.counts.length; i++) if (x.counts[i] !== 0) add(x.key, i, -x.counts[i]!);
  }
}
