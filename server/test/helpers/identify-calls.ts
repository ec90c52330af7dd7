import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { datasetEvents } from './random-dataset.js';

/**
 * Identify calls for a dataset's sessions: per session, none, or one or two calls somewhere in the
 * middle of it (a customer id or none, a plan and a seat trait), so a customer spans sessions and
 * visitors.
 */
export const identifyArb = fc.array(
  fc.array(
    fc.record({
      customer: fc.option(fc.constantFrom('c1', 'c2', 'c3'), { nil: undefined }),
      plan: fc.constantFrom('pro', 'free'),
      seat: fc.constantFrom('one', 'many'),
      at: fc.nat(20),
    }),
    { maxLength: 2 },
  ),
  { minLength: 10, maxLength: 10 },
);
export type Identifies = typeof identifyArb extends fc.Arbitrary<infer T> ? T : never;

/** The dataset's events with the identify calls inserted after the event they name (same session). */
export function withIdentifies(events: ReturnType<typeof datasetEvents>, calls: Identifies) {
  const out: typeof events = [];
  const bySession = new Map<string, typeof events>();
  for (const e of events) bySession.set(e.event.sessionId, [...(bySession.get(e.event.sessionId) ?? []), e]);
  for (const [sessionId, list] of bySession) {
    const mine = calls[Number(sessionId.slice(1))] ?? [];
    const extra = mine.map((c, k) => {
      const after = list[c.at % list.length]!;
      const { event } = after;
      return {
        ...after,
        event: {
          id: randomUUID(),
          ts: event.ts + 1 + k,
          sessionId,
          url: event.url,
          path: event.path,
          language: event.language,
          ...(event.visitorId ? { visitorId: event.visitorId } : {}),
          type: 'identify' as const,
          ...(c.customer ? { customerId: c.customer } : {}),
          traits: { plan: c.plan, seat: c.seat },
        },
      };
    });
    // Two calls of a session a millisecond apart at most: each its own millisecond, in the order
    // their times put them (ties by call). Calls of one millisecond are one batch from a real page,
    // where the later wins; split across commits they would be ordered by when each commit came,
    // which is no order of the calls a reference could know.
    extra.sort((a, b) => a.event.ts - b.event.ts);
    for (let k = 1; k < extra.length; k++)
      if (extra[k]!.event.ts <= extra[k - 1]!.event.ts) extra[k]!.event.ts = extra[k - 1]!.event.ts + 1;
    out.push(...list, ...extra);
  }
  return out.sort((a, b) => a.event.ts - b.event.ts);
}
