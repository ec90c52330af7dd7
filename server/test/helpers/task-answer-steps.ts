import { randomUUID } from 'node:crypto';
import type { LoupeEventInput } from '@loupe/shared';
import fc from 'fast-check';

// The parts of the task counts' writer-vs-recount datasets (task-score-counts.test.ts,
// audience-task-counts.test.ts) that are not about what each counts: answers whose score may change
// later, and an arrival order that moves events away from their time order.

const KIND_RANGE = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;

/** A step that answers a prompt; the same answer's score changed `changedAfterSec` later (merged into its row). */
export const answerStepArb = fc.record({
  type: fc.constant('response' as const),
  kind: fc.constantFrom('nps', 'csat', 'ces'),
  score: fc.integer({ min: 0, max: 10 }),
  changedAfterSec: fc.option(fc.integer({ min: 1, max: 600 }), { nil: undefined }),
});
type AnswerStep = typeof answerStepArb extends fc.Arbitrary<infer T> ? T : never;

/** The answer's events at `base` (its score clamped to its kind's scale), and its change if any. */
export function answerEvents(
  base: Omit<LoupeEventInput, 'id' | 'type'>,
  w: AnswerStep,
  prompts: Record<'nps' | 'csat' | 'ces', string>,
): LoupeEventInput[] {
  const [min, max] = KIND_RANGE[w.kind];
  const clamp = (v: number) => Math.min(max, Math.max(min, v));
  const answer = { type: 'response' as const, promptId: prompts[w.kind], displayId: randomUUID(), kind: w.kind };
  const out: LoupeEventInput[] = [{ ...base, ...answer, id: randomUUID(), score: clamp(w.score) }];
  if (w.changedAfterSec !== undefined)
    out.push({
      ...base,
      ...answer,
      id: randomUUID(),
      ts: base.ts + w.changedAfterSec * 1000,
      score: clamp(w.score + 3),
    });
  return out;
}

/** The fields of a dataset that set its arrival order (`inArrivalOrder`). */
export const arrivalArbs = {
  /** A random key per event: the order they arrive in (sorted by it). */
  arrival: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 200, maxLength: 200 }),
  /** How far events move from their time order: 0 = in order, 1 = any order. */
  shuffle: fc.constantFrom(0, 0.2, 1),
};

/** The events in arrival order: time order, each event moved by up to `shuffle` of the whole span. */
export function inArrivalOrder<E extends { event: { ts: number } }>(
  events: E[],
  d: { arrival: number[]; shuffle: number },
): E[] {
  const sorted = [...events].sort((a, b) => a.event.ts - b.event.ts);
  const keyed = sorted.map((e, i) => ({ e, key: i / sorted.length + d.shuffle * d.arrival[i % d.arrival.length]! }));
  return keyed.sort((a, b) => a.key - b.key).map((k) => k.e);
}
