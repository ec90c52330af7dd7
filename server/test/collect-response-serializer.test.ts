import fc from 'fast-check';
import { collectResponseSchema } from '@loupe/shared';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectResponseSerializerCompiler,
  fastSerializeCollectResponse,
} from '../src/features/ingest/http/collect-response-serializer.js';
import { collect, shopSite } from './helpers/collect.js';
import { pageview } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The 202's fast path is sound when, for every answer, it either says "not sure" (undefined) or
// writes exactly the text zod's serializer writes; when zod refuses an answer, it must not have
// written one. Proved over valid answers and the same answers bent into invalid and odd ones.

const route = { schema: collectResponseSchema, method: 'POST', url: '/v1/collect', httpStatus: '202' };
const zodSerialize = serializerCompiler(route as never) as (data: unknown) => string;
const zodText = (data: unknown): string | undefined => {
  try {
    return zodSerialize(data);
  } catch {
    return undefined;
  }
};

/** Whether the fast path answered; fails the test when its text is not zod's. */
function expectSound(data: unknown): boolean {
  const fast = fastSerializeCollectResponse(data);
  if (fast === undefined) return false;
  expect(fast).toBe(zodText(data));
  return true;
}

const count = fc.oneof(fc.nat(), fc.constantFrom(0, -0, Number.MAX_SAFE_INTEGER));
const rejectedEvent = fc.record(
  { index: fc.nat(), id: fc.string(), reason: fc.string() },
  { requiredKeys: ['index', 'reason'] },
);
const answer = fc.record({ accepted: count, duplicates: count, rejected: fc.array(rejectedEvent, { maxLength: 3 }) });
const odd = fc.oneof(
  fc.constantFrom(-1, 0.5, Number.NaN, Infinity, Number.MAX_SAFE_INTEGER + 1, '1', null, undefined, [], {}),
  fc.anything(),
);

describe('the 202 serializer of /v1/collect', () => {
  it('writes what zod writes for every answer it takes, and takes every answer that rejects nothing', () => {
    let taken = 0;
    fc.assert(
      fc.property(answer, (a) => {
        const took = expectSound(a);
        if (took) taken += 1;
        // The fast path must take the common answer, or it saves nothing.
        expect(took).toBe(a.rejected.length === 0);
      }),
      { numRuns: 2000 },
    );
    expect(taken).toBeGreaterThan(100);
  });

  it('never answers what zod refuses: bent counts, a missing or odd field, an extra or inherited key', () => {
    fc.assert(
      fc.property(
        answer,
        fc.constantFrom('accepted', 'duplicates', 'rejected'),
        odd,
        fc.boolean(),
        (a, field, v, drop) => {
          const bent: Record<string, unknown> = { ...a, rejected: [] };
          if (drop) delete bent[field];
          else bent[field] = v;
          if (fastSerializeCollectResponse(bent) !== undefined) expect(zodText(bent)).toBeDefined();
          expectSound(bent);
          // Extra own and inherited keys: zod drops them, and so must the text.
          expectSound({ ...bent, extra: v });
          expectSound(Object.assign(Object.create({ accepted: 1 }), bent));
        },
      ),
      { numRuns: 2000 },
    );
    for (const data of [null, undefined, 7, 'x', [], {}]) expect(fastSerializeCollectResponse(data)).toBeUndefined();
  });

  it("leaves every other status to zod's serializer", () => {
    const other = collectResponseSerializerCompiler({ ...route, httpStatus: '400' } as never);
    // zod refuses a 202's shape only through the 202's own check: here the fast path would have answered.
    expect(() => other({ accepted: -1, duplicates: 0, rejected: [] })).toThrow();
    const ok = collectResponseSerializerCompiler(route as never);
    expect(ok({ accepted: 2, duplicates: 1, rejected: [] })).toBe('{"accepted":2,"duplicates":1,"rejected":[]}');
    expect(() => ok({ accepted: -1, duplicates: 0, rejected: [] })).toThrow();
  });
});

describe('POST /v1/collect with the fast serializer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers the same 202 as before, a rejected event included', async () => {
    const { publicKey: key } = shopSite(t.app);
    const view = pageview();
    const first = await collect(t.app, { key, events: [view] });
    expect(first.statusCode).toBe(202);
    expect(first.body).toBe('{"accepted":1,"duplicates":0,"rejected":[]}');
    const again = await collect(t.app, { key, events: [view, { type: 'nonsense' }] });
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 1, rejected: [{ index: 1 }] });
  });
});
