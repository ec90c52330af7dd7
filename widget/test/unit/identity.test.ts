import { SESSION_IDLE_MS, SESSION_MAX_MS } from '@loupe/shared/constants';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdentity } from '../../src/identity.js';

function fakeStorage(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, String(v)),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: (i) => [...m.keys()][i] ?? null,
    get length() {
      return m.size;
    },
  };
}

describe('createIdentity', () => {
  let t = 1_800_000_000_000;
  beforeEach(() => vi.stubGlobal('localStorage', fakeStorage()));
  afterEach(() => vi.unstubAllGlobals());

  it('keeps one session while active; splits after 30 min idle', () => {
    const id = createIdentity(() => t);
    const first = id._ids(true);
    t += SESSION_IDLE_MS - 1;
    expect(id._ids(true)).toEqual(first);
    t += SESSION_IDLE_MS + 1;
    const next = id._ids(true);
    expect(next.sessionId).not.toBe(first.sessionId);
    expect(next.visitorId).toBe(first.visitorId);
  });

  it('splits after 24 h even when always active, and never at midnight', () => {
    const id = createIdentity(() => t);
    const first = id._ids(true).sessionId;
    let last = first;
    for (let elapsed = 0; elapsed < SESSION_MAX_MS - 60_000; elapsed += 60_000) {
      t += 60_000;
      last = id._ids(true).sessionId;
    }
    expect(last).toBe(first);
    t += 120_000;
    expect(id._ids(true).sessionId).not.toBe(first);
  });

  it('a burst of events within a second writes the session once; idle is still counted from the last activity', () => {
    const id = createIdentity(() => t);
    const setItem = vi.spyOn(localStorage, 'setItem');
    const first = id._ids(true);
    const writes = setItem.mock.calls.length; // the session and the new visitor
    for (let i = 0; i < 10; i++) {
      t += 50;
      expect(id._ids(true)).toEqual(first);
    }
    expect(setItem.mock.calls.length).toBe(writes);
    t += 1000;
    id._ids(true);
    expect(setItem.mock.calls.length).toBe(writes + 1);
    // Idle from that activity, not from the session's first event.
    t += SESSION_IDLE_MS - 1;
    expect(id._ids(true)).toEqual(first);
  });

  it('shares the session across tabs through storage', () => {
    const a = createIdentity(() => t)._ids(true);
    const b = createIdentity(() => t)._ids(true);
    expect(b).toEqual(a);
  });

  it('without consent: an in-memory session for this page only, no visitor, nothing stored', () => {
    const id = createIdentity(() => t);
    const ids = id._ids(false);
    expect(ids.visitorId).toBeUndefined();
    expect(id._ids(false)).toEqual(ids);
    expect(localStorage.length).toBe(0);
  });

  it('forget() removes the stored ids; storage that throws is survived', () => {
    const id = createIdentity(() => t);
    id._ids(true);
    id._forget();
    expect(localStorage.length).toBe(0);
    vi.stubGlobal('localStorage', {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    });
    expect(id._ids(true).sessionId).toMatch(/-/);
  });
});
