import { describe, expect, it } from 'vitest';
import { answerFigures } from '../src/bench/answer-figures.js';

// The read bench marks a window whose answer counted nothing: timing it would prove nothing.

describe('answerFigures', () => {
  it('is 0 for an answer of an empty window', () => {
    expect(
      answerFigures({
        range: { from: '2026-08-09', to: '2026-09-07' },
        total: 0,
        series: [],
        byPath: [{ path: '/', n: 0 }],
      }),
    ).toBe(0);
    expect(answerFigures({ items: [], nextCursor: null, sampled: false })).toBe(0);
  });

  it('counts every number that is not zero, however deep', () => {
    expect(
      answerFigures({
        total: 12,
        series: [
          { t: '2026-09-01', n: 3, score: -40 },
          { t: '2026-09-02', n: 0 },
        ],
      }),
    ).toBe(3);
    expect(
      answerFigures([
        [1, 2],
        [0, 0.5],
      ]),
    ).toBe(3);
  });
});
