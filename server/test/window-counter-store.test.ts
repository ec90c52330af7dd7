import { describe, expect, it } from 'vitest';
import { OVERFLOW_KEY, WindowCounterStore } from '../src/lib/window-counter-store.js';

const WINDOW = 60_000;

function storeAt(capacity: number) {
  const clock = { now: 1_000_000 };
  const store = new WindowCounterStore(capacity, () => clock.now);
  const incr = (key: string) => {
    let out: { current: number; ttl: number } | undefined;
    store.incr(key, (_err, result) => (out = result), WINDOW);
    return out!;
  };
  const read = (key: string) => {
    let out: { current: number; ttl: number } | undefined;
    store.read(key, (_err, result) => (out = result));
    return out!;
  };
  return { clock, store, incr, read };
}

describe('WindowCounterStore', () => {
  it('counts per key in fixed windows and reports the time left', () => {
    const { clock, incr } = storeAt(10);
    expect(incr('a')).toEqual({ current: 1, ttl: WINDOW });
    clock.now += 1000;
    expect(incr('a')).toEqual({ current: 2, ttl: WINDOW - 1000 });
    expect(incr('b')).toEqual({ current: 1, ttl: WINDOW });
    clock.now += WINDOW;
    expect(incr('a')).toEqual({ current: 1, ttl: WINDOW });
  });

  it('keeps every live bucket when full: keys without one share the overflow bucket', () => {
    const { clock, store, incr, read } = storeAt(3);
    for (let i = 0; i < 5; i++) incr('limited');
    incr('b');
    incr('c');
    for (let i = 0; i < 1000; i++) expect(incr(`new-${i}`).current).toBe(i + 1);
    expect(read(OVERFLOW_KEY).current).toBe(1000);
    expect(read('limited').current).toBe(5);
    expect(incr('limited').current).toBe(6);
    expect(store.size).toBe(4);
    // Once windows end, their room is free again.
    clock.now += WINDOW;
    expect(incr('new-0')).toEqual({ current: 1, ttl: WINDOW });
    expect(store.size).toBe(1);
  });

  it('read() neither counts nor creates', () => {
    const { store, incr, read } = storeAt(2);
    expect(read('x')).toEqual({ current: 0, ttl: 0 });
    expect(store.size).toBe(0);
    incr('x');
    expect(read('x')).toEqual({ current: 1, ttl: WINDOW });
    expect(read('x')).toEqual({ current: 1, ttl: WINDOW });
  });

  it('drops expired buckets from the front, in the order their windows end', () => {
    const { clock, store, incr } = storeAt(100);
    incr('first');
    clock.now += 10_000;
    incr('second');
    clock.now += WINDOW - 5_000;
    expect(store.size).toBe(1);
    incr('first');
    clock.now += 5_000;
    expect(store.size).toBe(1);
  });
});
