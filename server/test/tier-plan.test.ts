import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planSpans, type Span } from '../src/analytics/tier-plan.js';

const HOUR = 3_600_000;
const BASE = Date.UTC(2023, 11, 20);

/** Hours whose net coverage (Σ sign of the spans containing them) is wrong: 1 inside, 0 outside. */
function wrongHours(spans: Span[], from: number, to: number): string[] {
  const net = new Map<number, number>();
  for (const s of spans) {
    if (s.start % HOUR !== 0 || s.end % HOUR !== 0) return [`unaligned span ${JSON.stringify(s)}`];
    for (let h = s.start; h < s.end; h += HOUR) net.set(h, (net.get(h) ?? 0) + s.sign);
  }
  for (let h = from; h < to; h += HOUR) if (!net.has(h)) net.set(h, 0);
  const bad: string[] = [];
  for (const [h, n] of net) if (n !== (h >= from && h < to ? 1 : 0)) bad.push(`${new Date(h).toISOString()}: ${n}`);
  return bad;
}

describe('planSpans', () => {
  it('covers every hour of the range exactly once, net, and nothing outside', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 24 * 500 }),
        fc.integer({ min: 1, max: 24 * 200 }),
        fc.boolean(),
        (a, len, subtract) => {
          const from = BASE + a * HOUR;
          const to = from + len * HOUR;
          const spans = planSpans(from, to, { subtract });
          expect(wrongHours(spans, from, to)).toEqual([]);
          if (!subtract) expect(spans.every((s) => s.sign === 1)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);

  it('aligns tiers to UTC days and calendar months, and never reads a month from a sketch-only plan', () => {
    const spans = planSpans(Date.UTC(2024, 0, 15, 5), Date.UTC(2024, 4, 3, 7), { subtract: false, coarsest: 'daily' });
    expect(spans.some((s) => s.tier === 'monthly')).toBe(false);
    for (const s of spans.filter((x) => x.tier === 'daily'))
      expect([s.start % 86_400_000, s.end % 86_400_000]).toEqual([0, 0]);
    const months = planSpans(Date.UTC(2024, 0, 1), Date.UTC(2024, 3, 1)).filter((s) => s.tier === 'monthly');
    expect(months).toEqual([{ tier: 'monthly', start: Date.UTC(2024, 0, 1), end: Date.UTC(2024, 3, 1), sign: 1 }]);
  });

  it('reads a mostly covered day as the day minus its uncovered hours', () => {
    // New York's 2024-03-05 is 05:00Z..05:00Z next day: one UTC day − 5 h + 5 h.
    const spans = planSpans(Date.UTC(2024, 2, 5, 5), Date.UTC(2024, 2, 6, 5));
    expect(spans).toEqual(
      expect.arrayContaining([
        { tier: 'daily', start: Date.UTC(2024, 2, 5), end: Date.UTC(2024, 2, 6), sign: 1 },
        { tier: 'hour', start: Date.UTC(2024, 2, 5), end: Date.UTC(2024, 2, 5, 5), sign: -1 },
        { tier: 'hour', start: Date.UTC(2024, 2, 6), end: Date.UTC(2024, 2, 6, 5), sign: 1 },
      ]),
    );
    expect(spans).toHaveLength(3);
  });
});
