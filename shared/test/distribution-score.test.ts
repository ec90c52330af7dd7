import { describe, expect, it } from 'vitest';
import { scoreOfDistribution, subtractDistribution } from '../src/distribution-score.js';
import { meanInterval, npsInterval, wilsonInterval } from '../src/score-interval.js';

// The score of answers summed outside the read API (the dashboard's "everyone else"), and the 95 %
// intervals the read API's score summaries share with it.

describe('the score of everyone else', () => {
  const dist = (counts: number[], from: number) => counts.map((responses, i) => ({ score: from + i, responses }));
  it('is everyone less the audience, with the read API’s formulas', () => {
    const all = dist([2, 0, 1, 0, 0, 0, 3, 1, 2, 5, 6], 0);
    const part = dist([1, 0, 0, 0, 0, 0, 1, 0, 0, 2, 4], 0);
    const rest = subtractDistribution(all, part);
    expect(rest.map((d) => d.responses)).toEqual([1, 0, 1, 0, 0, 0, 2, 1, 2, 3, 2]);
    // 12 answers: 5 promoters, 4 detractors → NPS 8.33
    const s = scoreOfDistribution('nps', rest);
    expect(s.responses).toBe(12);
    expect(s.score).toBe(8.33);
    expect(s.margin).toBeGreaterThan(40);
    expect(scoreOfDistribution('nps', dist([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 0))).toEqual({
      responses: 1,
      score: 100,
      margin: null,
    });
    expect(scoreOfDistribution('csat', dist([1, 1, 0, 3, 5], 1)).score).toBe(80);
    expect(scoreOfDistribution('ces', dist([0, 0, 0, 0, 2, 2, 0], 1)).score).toBe(5.5);
    expect(scoreOfDistribution('ces', dist([0, 0, 0, 0, 0, 0, 0], 1))).toEqual({
      responses: 0,
      score: null,
      margin: null,
    });
  });
});

describe('the 95 % intervals', () => {
  it('need two answers', () => {
    expect(npsInterval(1, 0, 1)).toBeNull();
    expect(wilsonInterval(1, 1)).toBeNull();
    expect(meanInterval(5, 0, 1)).toBeNull();
  });

  it('are the textbook figures', () => {
    // 50 promoters, 30 detractors of 100: NPS 20, variance 0.5 + 0.3 − 0.04 = 0.76.
    const nps = npsInterval(50, 30, 100)!;
    expect(nps.margin).toBeCloseTo(100 * 1.959963984540054 * Math.sqrt(0.76 / 100), 10);
    expect((nps.low + nps.high) / 2).toBeCloseTo(20, 10);
    // Wilson: 8 of 10 is 49.0 % to 94.3 % (Newcombe 1998).
    const csat = wilsonInterval(8, 10)!;
    expect(csat.low).toBeCloseTo(49.02, 2);
    expect(csat.high).toBeCloseTo(94.33, 2);
    // Mean 5, sample sd 1 over 4 answers (squares 3): ± z·1/√4.
    expect(meanInterval(5, 3, 4)!.margin).toBeCloseTo(1.959963984540054 / 2, 10);
  });
});
