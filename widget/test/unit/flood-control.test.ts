import { ERROR_BUCKET_CAPACITY, ERROR_BUCKET_REFILL_MS, MAX_SAME_ERROR_PER_PAGEVIEW } from '@loupe/shared/constants';
import { describe, expect, it } from 'vitest';
import { createFloodControl } from '../../src/signals/flood-control.js';

describe('createFloodControl', () => {
  it('drops an error identical to the previous one', () => {
    const flood = createFloodControl(() => 0);
    expect(flood._allow('Error', 'a', 'f:1:1')).toBe(true);
    expect(flood._allow('Error', 'a', 'f:1:1')).toBe(false);
    expect(flood._allow('Error', 'a', 'f:2:1')).toBe(true); // same message, elsewhere
  });

  it(`keeps at most ${MAX_SAME_ERROR_PER_PAGEVIEW} of one message per page view`, () => {
    const flood = createFloodControl(() => 0);
    const passed = Array.from({ length: 12 }, (_, i) => flood._allow('Error', 'same', `f:${i}:1`)).filter(Boolean);
    expect(passed).toHaveLength(MAX_SAME_ERROR_PER_PAGEVIEW);
    expect(flood._allow('Error', 'same', 'f:98:1')).toBe(false);
    flood._reset(); // a new page view: the message may come again (the bucket has 5 tokens left)
    expect(flood._allow('Error', 'same', 'f:99:1')).toBe(true);
  });

  it(`gives each type a bucket of ${ERROR_BUCKET_CAPACITY}, refilled one per 10 s`, () => {
    let t = 0;
    const flood = createFloodControl(() => t);
    const burst = (type: string, n: number) =>
      Array.from({ length: n }, (_, i) => flood._allow(type, `m${i}`, '')).filter(Boolean).length;
    expect(burst('TypeError', 30)).toBe(ERROR_BUCKET_CAPACITY);
    expect(burst('RangeError', 3)).toBe(3); // another type, another bucket
    t += ERROR_BUCKET_REFILL_MS - 1;
    expect(flood._allow('TypeError', 'late-1', '')).toBe(false);
    t += 1;
    expect(flood._allow('TypeError', 'late-2', '')).toBe(true);
    expect(flood._allow('TypeError', 'late-3', '')).toBe(false);
    t += ERROR_BUCKET_REFILL_MS * 100; // refills up to the capacity, not beyond
    expect(burst('TypeError', 30)).toBe(ERROR_BUCKET_CAPACITY);
  });
});
