// How many events the widget puts in one POST /v1/collect, as `scripts/src/bench-batch-sizes.ts`
// measured them: the built widget on the demo shop's product page in Chromium, 4 rounds of 4 kinds
// of visit (a bounce that reads and leaves, a shopper who scrolls and adds to cart, a reader who
// browses products by SPA navigation, a frustrated visitor with a rage click, a dead click and an
// error), every request read as it left the page: 34 requests, 5.15 events each on average. The
// first batch of a page view goes after the transport's 3 s wait (the page view and its first
// vitals, the first clicks); the last when the tab hides (the engagement, the late vitals).
// Measured on 2026-12-03; run the script again after a change to the widget's batching.

/** Batch size → requests of that size seen. */
export const WIDGET_BATCH_SIZES: Readonly<Record<number, number>> = {
  1: 2,
  2: 8,
  3: 8,
  6: 4,
  7: 8,
  13: 3,
  14: 1,
};

const sizes = Object.entries(WIDGET_BATCH_SIZES).map(([size, count]) => [Number(size), count] as const);
const total = sizes.reduce((n, [, c]) => n + c, 0);

/** The mean batch size of the distribution. */
export const MEAN_BATCH_SIZE = sizes.reduce((n, [s, c]) => n + s * c, 0) / total;

/** A batch size drawn from the measured distribution; `u` uniform in [0, 1). */
export function drawBatchSize(u: number): number {
  let left = u * total;
  for (const [size, count] of sizes) {
    left -= count;
    if (left < 0) return size;
  }
  return sizes.at(-1)![0];
}
