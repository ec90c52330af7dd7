import { trackEventSchema } from '@loupe/shared';
import { MAX_TRACK_PROP_VALUE_LENGTH, MAX_TRACK_PROPS } from '@loupe/shared/constants';
import { describe, expect, it, vi } from 'vitest';
import { trackFields } from '../../src/track.js';
import { scrubEvent } from '../../src/transport/scrub-chunk.js';

const base = {
  id: '0b7c6a3e-3f7e-4b8e-9c6a-2f4b8e9c6a3e',
  ts: Date.now(),
  sessionId: 's',
  url: 'https://x.test/',
  path: '/',
};
/** Whatever trackFields returns must pass the server's strict schema once the transport scrubbed it. */
const valid = (fields: object) => trackEventSchema.safeParse(scrubEvent({ ...base, ...fields })).success;

describe('trackFields', () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});

  it('keeps valid props; sent, strings are scrubbed and cut, property names too', () => {
    const fields = trackFields(' checkout ', {
      plan: 'pro',
      seats: 3,
      trial: false,
      coupon: null,
      note: `mail a@b.io ${'x'.repeat(600)}`,
      'for jo@ex.io': 1,
    })!;
    expect(fields.name).toBe('checkout');
    expect(fields.props).toMatchObject({ plan: 'pro', seats: 3, trial: false, coupon: null });
    const sent = scrubEvent({ ...base, ...fields }).props!;
    expect(sent.note).toHaveLength(MAX_TRACK_PROP_VALUE_LENGTH);
    expect(sent.note).toMatch(/^mail \[email\] x/);
    expect(sent).toHaveProperty(['for [email]'], 1);
    expect(valid(fields)).toBe(true);
  });

  it('drops invalid props (and warns in dev) instead of losing the event', () => {
    const fields = trackFields('signup', {
      nested: { a: 1 },
      list: [1],
      nan: Number.NaN,
      inf: Number.POSITIVE_INFINITY,
      fn: () => 1,
      big: 10n,
      [`k${'x'.repeat(80)}`]: 1,
      ok: 'yes',
    })!;
    expect(fields.props).toEqual({ ok: 'yes' });
    expect(valid(fields)).toBe(true);
    expect(console.warn).toHaveBeenCalled();
  });

  it(`keeps at most ${MAX_TRACK_PROPS} props`, () => {
    const props = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`p${i}`, i]));
    const fields = trackFields('many', props)!;
    expect(Object.keys(fields.props!)).toHaveLength(MAX_TRACK_PROPS);
    expect(valid(fields)).toBe(true);
  });

  it('refuses a missing, blank or overlong name', () => {
    expect(trackFields(undefined)).toBeUndefined();
    expect(trackFields('   ')).toBeUndefined();
    expect(trackFields(42)).toBeUndefined();
    expect(trackFields('n'.repeat(129))).toBeUndefined();
    expect(valid(trackFields('n'.repeat(128))!)).toBe(true);
  });
});
