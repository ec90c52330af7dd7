import { describe, expect, it } from 'vitest';
import { type LayoutShift, layoutShiftWindows } from '../../src/vitals/layout-shift-windows.js';
import { longestInteractions } from '../../src/vitals/longest-interactions.js';

const shift = (startTime: number, value: number, hadRecentInput = false): LayoutShift => ({
  startTime,
  value,
  hadRecentInput,
});
const cls = (shifts: LayoutShift[]) => {
  const windows = layoutShiftWindows();
  return shifts.reduce((_, s) => windows._add(s), 0);
};

describe('CLS: the largest session window of layout shifts', () => {
  it('sums shifts less than 1 s apart into one window', () => {
    expect(cls([shift(0, 0.1), shift(900, 0.2), shift(1800, 0.05)])).toBeCloseTo(0.35, 10);
  });

  it('a gap of 1 s or more starts a new window; the largest window is CLS', () => {
    expect(cls([shift(0, 0.1), shift(500, 0.1), shift(1500, 0.05), shift(1600, 0.05)])).toBe(0.2);
    expect(cls([shift(0, 0.1), shift(1000, 0.15), shift(1500, 0.1)])).toBe(0.25);
  });

  it('a window ends 5 s after its first shift, however close the shifts', () => {
    const every800ms = Array.from({ length: 10 }, (_, i) => shift(i * 800, 0.1));
    // 0 … 4,800 ms in the first window (7 shifts), 5,600 … 7,200 in the second (3).
    expect(cls(every800ms)).toBeCloseTo(0.7, 10);
  });

  it('shifts right after an input do not count, and do not break a window', () => {
    expect(cls([shift(0, 0.1), shift(500, 0.5, true), shift(900, 0.1)])).toBe(0.2);
  });

  it('the sums are added in the order reported (the exact float web-vitals reports)', () => {
    expect(cls([shift(0, 0.1), shift(10, 0.2)])).toBe(0.1 + 0.2);
  });

  it('a later, smaller window never lowers CLS', () => {
    expect(cls([shift(0, 0.3), shift(2000, 0.1)])).toBe(0.3);
  });
});

const event = (interactionId: number, duration: number, entryType = 'event') => ({
  interactionId,
  duration,
  entryType,
});

describe('INP: the 98th percentile of interaction latencies', () => {
  it("an interaction's latency is its longest entry; the longest interaction below 50", () => {
    const i = longestInteractions();
    i._add(event(7, 120));
    i._add(event(7, 48)); // pointerup of the same click, shorter
    i._add(event(14, 64));
    expect(i._inp(2)).toBe(120);
  });

  it('entries without an interaction are not interactions; the first input is, whatever its id', () => {
    const i = longestInteractions();
    i._add(event(0, 500));
    expect(i._inp(1)).toBeUndefined();
    i._add(event(0, 16, 'first-input'));
    expect(i._inp(1)).toBe(16);
  });

  it('one rank lower for every 50 interactions of the page', () => {
    const i = longestInteractions();
    for (let n = 1; n <= 12; n++) i._add(event(n * 7, n * 10));
    expect(i._inp(49)).toBe(120);
    expect(i._inp(50)).toBe(110);
    expect(i._inp(149)).toBe(100);
    expect(i._inp(150)).toBe(90);
    // Only the 10 longest are kept: past 500 interactions, the shortest kept.
    expect(i._inp(10_000)).toBe(30);
  });

  it('keeps the 10 longest: a shorter interaction than all ten is dropped, a longer one enters', () => {
    const i = longestInteractions();
    for (let n = 1; n <= 10; n++) i._add(event(n, 100 + n));
    i._add(event(99, 50));
    expect(i._inp(10_000)).toBe(101);
    i._add(event(100, 105.5));
    expect(i._inp(10_000)).toBe(102);
    expect(i._inp(0)).toBe(110);
  });
});
