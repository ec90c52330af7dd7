import fc from 'fast-check';
import { collectBodySchema, MAX_EVENTS_PER_BATCH, MAX_KEY_LENGTH, PUBLIC_KEY_PREFIX } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fastParseEnvelope } from '../src/features/ingest/http/fast-parse-envelope.js';
import { collect, shopSite } from './helpers/collect.js';
import { pageview } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The envelope's fast path is sound when, for every input, it either says "not sure" (undefined)
// or returns exactly what zod's parse returns: the same values (-0 is not 0), the same keys in the
// same order, the events copied (a hole becomes undefined). When zod refuses, it must not have
// answered. Proved over valid envelopes and the same envelopes bent into invalid and odd ones.

function keyOrder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(keyOrder);
  if (typeof v !== 'object' || v === null) return v;
  return Object.entries(v).map(([k, x]) => [k, keyOrder(x)]);
}

/** Whether the fast path answered; fails the test when its answer is not zod's. */
function expectSound(input: unknown): boolean {
  const fast = fastParseEnvelope(input);
  if (fast === undefined) return false;
  const parsed = collectBodySchema.safeParse(input);
  expect(parsed.success).toBe(true);
  if (!parsed.success) return false;
  expect(fast).toStrictEqual(parsed.data);
  expect(keyOrder(fast)).toStrictEqual(keyOrder(parsed.data));
  expect(Object.is(fast.sentAt, parsed.data.sentAt)).toBe(true);
  // A copy, as zod's: the handler may not share an array the parser handed over.
  expect(fast.events).not.toBe((input as { events: unknown }).events);
  return true;
}

const key = fc.oneof(
  fc.string({ maxLength: MAX_KEY_LENGTH - PUBLIC_KEY_PREFIX.length }).map((s) => PUBLIC_KEY_PREFIX + s),
  fc.constantFrom(PUBLIC_KEY_PREFIX, `${PUBLIC_KEY_PREFIX}${'x'.repeat(MAX_KEY_LENGTH - PUBLIC_KEY_PREFIX.length)}`),
);
const events = fc.oneof(
  fc.array(fc.anything(), { minLength: 1, maxLength: MAX_EVENTS_PER_BATCH }),
  // A hole (no JSON text makes one): zod's copy has undefined there.
  fc.constant(Object.assign(new Array<unknown>(3), { 0: 1, 2: 3 })),
);
const sentAt = fc.oneof(fc.nat(), fc.constantFrom(0, -0, Number.MAX_SAFE_INTEGER, Date.now()));
const valid = fc.record({ key, events, sentAt }, { requiredKeys: ['key', 'events'] });

/** A value that breaks a field: wrong type, out of bounds, or just off the edge. */
const badKey = fc.oneof(
  fc.string({ maxLength: 70 }),
  fc.constant(`${PUBLIC_KEY_PREFIX}${'x'.repeat(MAX_KEY_LENGTH - PUBLIC_KEY_PREFIX.length + 1)}`),
  fc.constantFrom('PK_abc', ' pk_abc', 'pk', ''),
  fc.anything(),
);
const badEvents = fc.oneof(
  fc.constant([]),
  fc.array(fc.integer(), { minLength: MAX_EVENTS_PER_BATCH + 1, maxLength: MAX_EVENTS_PER_BATCH + 3 }),
  fc.anything(),
);
const badSentAt = fc.oneof(
  fc.constantFrom(-1, 0.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN, Number.POSITIVE_INFINITY, undefined, null, '1'),
  fc.double(),
  fc.anything(),
);

describe('fastParseEnvelope', () => {
  it('answers every valid envelope, with exactly what zod returns', () => {
    fc.assert(
      fc.property(valid, (body) => {
        expect(expectSound(body)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('answers with zod’s result or not at all, for envelopes with a field broken, added or moved', () => {
    let answered = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        valid,
        fc.oneof(
          fc.record({ field: fc.constant('key'), value: badKey }),
          fc.record({ field: fc.constant('events'), value: badEvents }),
          fc.record({ field: fc.constant('sentAt'), value: badSentAt }),
          fc.record({ field: fc.constantFrom('extra', 'Key', '__proto__', 'constructor'), value: fc.anything() }),
          fc.record({
            field: fc.constantFrom('drop key', 'drop events', 'reorder', 'inherited'),
            value: fc.anything(),
          }),
        ),
        (body, { field, value }) => {
          let input: unknown;
          if (field === 'drop key' || field === 'drop events') {
            const { [field.slice(5) as 'key']: _, ...rest } = body;
            input = rest;
          } else if (field === 'reorder') input = Object.fromEntries(Object.entries(body).reverse());
          else if (field === 'inherited') input = Object.assign(Object.create({ extra: value }), body);
          else if (field === '__proto__')
            input = Object.defineProperty({ ...body }, '__proto__', { value, enumerable: true });
          else input = { ...body, [field]: value };
          if (expectSound(input)) answered += 1;
          if (!collectBodySchema.safeParse(input).success) refused += 1;
        },
      ),
      { numRuns: 1000 },
    );
    // Both sides were exercised: some bent envelopes stay valid (a reorder), most are refused.
    expect(answered).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(500);
  });

  it('is not sure of anything but an envelope object', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => {
        expectSound(input);
      }),
    );
    for (const input of [null, undefined, [], 'pk_x', 42, [{ key: 'pk_x', events: [1] }]])
      expect(fastParseEnvelope(input)).toBeUndefined();
  });
});

describe('POST /v1/collect envelope', () => {
  let t: TestApp;
  let key: string;
  beforeAll(async () => {
    t = await createTestApp();
    ({ publicKey: key } = shopSite(t.app));
  });
  afterAll(() => t.close());

  it('answers 400 naming the field for what the fast path leaves to zod, and 202 for what it takes', async () => {
    const problem = async (body: unknown) => {
      const res = await collect(t.app, body);
      expect(res.statusCode).toBe(400);
      return JSON.stringify(res.json());
    };
    expect(await problem({ key, events: [pageview()], sentAt: 1, extra: 1 })).toMatch(/extra/);
    expect(await problem({ key, events: [pageview()], sentAt: -1 })).toMatch(/sentAt/);
    expect(await problem({ key, events: [] })).toMatch(/events/);
    expect(await problem({ key: 'nope', events: [pageview()] })).toMatch(/key/);
    const ok = await collect(t.app, { events: [pageview()], sentAt: Date.now(), key });
    expect(ok.statusCode).toBe(202);
  });
});
