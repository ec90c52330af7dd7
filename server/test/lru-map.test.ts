import { describe, expect, it } from 'vitest';
import { LruMap } from '../src/lib/lru-map.js';

describe('LruMap', () => {
  it('drops the least recently used entry past its size, a read or a write counting as use', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    expect(m.get('a')).toBe(1); // a is now newer than b
    m.set('c', 3);
    expect([m.get('a'), m.get('b'), m.get('c')]).toEqual([1, undefined, 3]);
    m.set('a', 10); // a rewrite is a use too: c goes next
    m.set('d', 4);
    expect([m.get('a'), m.get('c'), m.get('d')]).toEqual([10, undefined, 4]);
  });
});
