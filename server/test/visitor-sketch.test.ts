import { describe, expect, it } from 'vitest';
import { SketchUnion } from '../src/lib/sketch-union.js';
import { hashVisitor, VisitorSketch } from '../src/lib/visitor-sketch.js';

const sketchOf = (keys: Iterable<string>) => {
  const s = new VisitorSketch();
  for (const k of keys) s.add(hashVisitor(k));
  return s;
};
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `v${from + i}`);

describe('VisitorSketch', () => {
  it('counts exactly while small, through encode/decode and merges', () => {
    const a = VisitorSketch.decode(sketchOf(range(0, 300)).encode());
    const b = VisitorSketch.decode(sketchOf(range(200, 450)).encode());
    expect(a.isExact).toBe(true);
    const u = new VisitorSketch();
    u.merge(a);
    u.merge(b);
    expect(u.estimate()).toBe(450);
  });

  it('turns into registers past 512 visitors and stays within 5 % up to 200 000', () => {
    for (const n of [600, 5_000, 50_000, 200_000]) {
      const s = VisitorSketch.decode(sketchOf(range(0, n)).encode());
      expect(s.isExact).toBe(false);
      expect(Math.abs(s.estimate() - n) / n, `n=${n}`).toBeLessThan(0.05);
    }
  });

  it('merges dense sketches as a union, not a sum', () => {
    const days = [range(0, 40_000), range(20_000, 60_000), range(50_000, 90_000)].map((keys) => sketchOf(keys));
    const u = new VisitorSketch();
    for (const d of days) u.merge(VisitorSketch.decode(d.encode()));
    expect(Math.abs(u.estimate() - 90_000) / 90_000).toBeLessThan(0.05);
  });

  it('counts a union of encoded sketches (SketchUnion) exactly as merging the decoded ones', () => {
    const parts = [range(0, 30), range(10, 700), range(5_000, 9_000), range(0, 0), range(650, 660)].map((k) =>
      sketchOf(k).encode(),
    );
    // Every order, so sparse-into-dense, dense-into-sparse and the exact-union limit are all crossed.
    for (let shift = 0; shift < parts.length; shift++) {
      const order = [...parts.slice(shift), ...parts.slice(0, shift)];
      const a = new VisitorSketch();
      const b = new SketchUnion();
      for (const p of order) {
        a.merge(VisitorSketch.decode(p));
        b.mergeEncoded(p);
      }
      expect(b.estimate()).toBe(a.estimate());
    }
  });

  it('keeps a union of sparse sketches exact up to 50,000 hashes and its registers past them', () => {
    // 400-hash sketches overlapping by half: the union crosses the exact limit between two merges.
    const parts = Array.from({ length: 260 }, (_, i) => sketchOf(range(i * 200, i * 200 + 400)).encode());
    const a = new VisitorSketch();
    const b = new SketchUnion();
    const counts: [number, number][] = [];
    for (const p of parts) {
      a.merge(VisitorSketch.decode(p));
      b.mergeEncoded(p);
      counts.push([b.estimate(), a.estimate()]);
    }
    for (const [union, merged] of counts) expect(union).toBe(merged);
    expect(counts[248]).toEqual([50_000, 50_000]);
    expect(a.isExact).toBe(false);
    expect(Math.abs(counts[259]![0] - 52_200) / 52_200).toBeLessThan(0.05);
  });

  it('reads an empty or missing sketch as zero visitors', () => {
    expect(VisitorSketch.decode(undefined).estimate()).toBe(0);
    expect(VisitorSketch.decode(new VisitorSketch().encode()).estimate()).toBe(0);
  });
});
