import { createHash, randomUUID } from 'node:crypto';
import type { LoupeEventInput } from '@loupe/shared';
import type { DatasetEvent } from './random-dataset.js';

// Identify calls mixed into a random dataset's events, so its answers carry traits (the audience
// counts' tests: audience-answer-counts.test.ts, postgres-audience-backfill.test.ts).

const pick = <T>(salt: number, id: string, xs: readonly T[]): T => {
  const h = createHash('sha1').update(`${salt}:${id}`).digest();
  return xs[h.readUInt32BE(0) % xs.length]!;
};

/** Identify calls in some sessions, between their events (traits with text, number and boolean values, or none). */
export function withIdentify(events: DatasetEvent[], salt: number): DatasetEvent[] {
  const out: DatasetEvent[] = [];
  for (const e of events) {
    out.push(e);
    const traits = pick(salt, e.event.id, [
      undefined,
      undefined,
      undefined,
      { plan: 'pro' },
      { plan: 'free', seats: 12 },
      { vip: true, plan: 'pro' },
      {},
    ]);
    if (traits === undefined) continue;
    const { sessionId, visitorId, url, path } = e.event;
    const identify = { id: randomUUID(), ts: e.event.ts + 1, sessionId, url, path, type: 'identify' as const };
    out.push({
      ...e,
      event: {
        ...identify,
        ...(visitorId ? { visitorId } : {}),
        ...(Object.keys(traits).length > 0 ? { customerId: `cus_${sessionId}`, traits } : {}),
      } as LoupeEventInput,
    });
  }
  return out;
}
