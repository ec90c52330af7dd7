import { afterEach, describe, expect, it, vi } from 'vitest';
import { uuid } from '../../src/uuid.js';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuid', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('uses crypto.randomUUID where available', () => {
    expect(uuid()).toMatch(V4);
  });

  it('falls back to getRandomValues on insecure (plain http) pages', () => {
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: (a: Uint8Array) => real.getRandomValues(a) });
    const ids = new Set(Array.from({ length: 2000 }, () => uuid()));
    expect(ids.size).toBe(2000);
    for (const id of ids) expect(id).toMatch(V4);
  });
});
