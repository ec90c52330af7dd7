import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadState, PROMPT_STATE_KEY_PREFIX, saveState, sessionOf } from '../../src/prompts/prompt-state.js';
import { readJson, write } from '../../src/storage.js';

/** The loader's storage functions, as Core hands them to the rules chunk. */
const store = { _readJson: readJson, _write: write };

/** A Map-backed localStorage, and one that throws like a sandboxed iframe's. */
function fakeStorage(throws = false): Storage {
  const m = new Map<string, string>();
  const guard = () => {
    if (throws) throw new DOMException('denied', 'SecurityError');
  };
  return {
    getItem: (k) => {
      guard();
      return m.get(k) ?? null;
    },
    setItem: (k, v) => {
      guard();
      m.set(k, String(v));
    },
    removeItem: (k) => {
      guard();
      m.delete(k);
    },
    clear: () => m.clear(),
    key: (i) => [...m.keys()][i] ?? null,
    get length() {
      return m.size;
    },
  };
}

const g = globalThis as { localStorage?: Storage };

describe('prompt state', () => {
  beforeEach(() => {
    g.localStorage = fakeStorage();
  });
  afterEach(() => {
    delete g.localStorage;
  });

  it('creates a seed once and keeps it', () => {
    const a = loadState(store, 'pk_1');
    expect(Number.isInteger(a.r)).toBe(true);
    expect(loadState(store, 'pk_1').r).toBe(a.r);
    expect(g.localStorage!.getItem(`${PROMPT_STATE_KEY_PREFIX}pk_1`)).toContain(`"r":${a.r}`);
  });

  it('starts over from corrupt or foreign data', () => {
    for (const junk of ['{', 'null', '42', '{"r":"x","p":{}}', '{"r":1,"p":null}']) {
      g.localStorage!.setItem(`${PROMPT_STATE_KEY_PREFIX}pk_1`, junk);
      const st = loadState(store, 'pk_1');
      expect(typeof st.r).toBe('number');
      expect(st.p).toEqual({});
    }
  });

  it('keeps at most 50 prompt records, dropping the first seen', () => {
    const st = loadState(store, 'pk_1');
    for (let i = 0; i < 60; i++) st.p[`p${i}`] = { s: 1000 + i };
    saveState(store, 'pk_1', st);
    const back = loadState(store, 'pk_1');
    expect(Object.keys(back.p)).toHaveLength(50);
    expect(back.p.p59).toBeDefined();
    expect(back.p.p0).toBeUndefined();
  });

  it('starts a fresh session record when the session id changes', () => {
    const st = loadState(store, 'pk_1');
    const s = sessionOf(st, 'a');
    s.v = 3;
    s.n = 1;
    expect(sessionOf(st, 'a').v).toBe(3);
    expect(sessionOf(st, 'b')).toEqual({ i: 'b', v: 0 });
  });

  it('works, forgetting, when storage throws', () => {
    g.localStorage = fakeStorage(true);
    const st = loadState(store, 'pk_1');
    expect(st.p).toEqual({});
    expect(() => saveState(store, 'pk_1', st)).not.toThrow();
  });
});
