import { describe, expect, it } from 'vitest';
import { collectBodySchema, eventSchema, MAX_EVENTS_PER_BATCH, MAX_STACK_FRAMES } from '../src/index.js';

const base = {
  id: '6f1c1f9e-8a39-4c55-9f55-0b8e3c2a4d10',
  ts: 1_764_000_000_000,
  sessionId: 's1',
  url: 'https://shop.example/cart',
  path: '/cart',
};

describe('eventSchema', () => {
  it('accepts each kind of event and fills defaults', () => {
    const pv = eventSchema.parse({ ...base, type: 'pageview' });
    expect(pv).toMatchObject({ type: 'pageview', nav: 'load' });
    expect(
      eventSchema.parse({ ...base, type: 'response', promptId: 'p1', displayId: base.id, kind: 'nps', score: 10 }).type,
    ).toBe('response');
  });

  it('rejects a score outside its kind range', () => {
    const r = eventSchema.safeParse({
      ...base,
      type: 'response',
      promptId: 'p1',
      displayId: base.id,
      kind: 'csat',
      score: 0,
    });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('between 1 and 5');
  });

  it('rejects unknown members, unknown types and unbounded data', () => {
    expect(eventSchema.safeParse({ ...base, type: 'pageview', extra: 1 }).success).toBe(false);
    expect(eventSchema.safeParse({ ...base, type: 'nope' }).success).toBe(false);
    expect(eventSchema.safeParse({ ...base, id: 'not-a-uuid', type: 'pageview' }).success).toBe(false);
    expect(eventSchema.safeParse({ ...base, path: 'x'.repeat(5000), type: 'pageview' }).success).toBe(false);
    const frames = Array.from({ length: MAX_STACK_FRAMES + 1 }, () => ({ fn: 'f' }));
    expect(
      eventSchema.safeParse({ ...base, type: 'error', source: 'error', errorType: 'Error', message: 'x', frames })
        .success,
    ).toBe(false);
  });

  it('bounds the envelope', () => {
    const events = Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => ({}));
    expect(collectBodySchema.safeParse({ key: 'pk_x', events }).success).toBe(false);
    expect(collectBodySchema.safeParse({ key: 'sk_x', events: [{}] }).success).toBe(false);
    expect(collectBodySchema.safeParse({ key: 'pk_x', events: [{}] }).success).toBe(true);
  });
});
