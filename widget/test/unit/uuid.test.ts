import { describe, expect, it } from 'vitest';
import { engagementEventSchema } from '@loupe/shared';
import { uuid } from '../../src/uuid.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuid (v7, RFC 9562)', () => {
  it('is a well-formed v7 id that the server schema accepts, unique over many draws', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => uuid()));
    expect(ids.size).toBe(2000);
    for (const id of ids) {
      expect(id).toMatch(V7);
      expect(engagementEventSchema.shape.id.safeParse(id).success).toBe(true); // the server's own check
    }
  });

  it('starts with the 48-bit Unix ms timestamp, so ids sort by time', () => {
    const t = Date.UTC(2026, 10, 25, 3, 0, 0, 123);
    const id = uuid(t);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(t);
    expect(uuid(0).startsWith('00000000-0000-7')).toBe(true);
    expect(uuid(2 ** 48 - 1).startsWith('ffffffff-ffff-7')).toBe(true);
    const times = [t - 1000, t, t + 1, t + 86_400_000];
    const sorted = times.map((x) => uuid(x));
    expect([...sorted].sort()).toEqual(sorted);
  });

  it('keeps the version and variant bits whatever the random bytes are', () => {
    for (const fill of [0, 255]) {
      const real = crypto.getRandomValues.bind(crypto);
      crypto.getRandomValues = (<T extends ArrayBufferView | null>(a: T) => {
        (a as unknown as Uint8Array).fill(fill);
        return a;
      }) as typeof crypto.getRandomValues;
      try {
        expect(uuid(1)).toMatch(V7);
      } finally {
        crypto.getRandomValues = real;
      }
    }
  });
});
