/**
 * How many of an answer's numbers are not zero: 0 for an answer that counted nothing (every
 * count, rate and score of an empty window is 0 or absent), so a bench can tell a timed window
 * that held rows from one that held none, which is cheap on every engine and proves nothing.
 * Numbers inside strings (dates, ids) are not counted.
 */
export function answerFigures(answer: unknown): number {
  if (typeof answer === 'number') return answer === 0 ? 0 : 1;
  if (Array.isArray(answer)) return answer.reduce((n: number, item) => n + answerFigures(item), 0);
  if (answer !== null && typeof answer === 'object')
    return Object.values(answer).reduce((n: number, value) => n + answerFigures(value), 0);
  return 0;
}
