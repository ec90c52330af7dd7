import { expect } from 'vitest';
import type { Db } from '../../src/db/open-database.js';
import { VisitorSketch } from '../../src/lib/visitor-sketch.js';

export interface SketchPair {
  visitors: VisitorSketch;
  returning: VisitorSketch;
}

/** Every row of visitor_segment_sketches (optionally one tier), decoded, by its key as text. */
export function segmentSketches(db: Db, tier?: 'hour' | 'day' | 'month'): Map<string, SketchPair> {
  const out = new Map<string, SketchPair>();
  const rows = db.$client
    .prepare(`SELECT * FROM visitor_segment_sketches${tier ? ' WHERE tier = ?' : ''}`)
    .all(...(tier ? [tier] : [])) as Record<string, unknown>[];
  for (const r of rows) {
    const key = [r.site_id, r.tier, r.start, r.device, r.browser, r.language].join(' ');
    out.set(key, {
      visitors: VisitorSketch.decode(r.visitors as Buffer),
      returning: VisitorSketch.decode(r.returning as Buffer),
    });
  }
  return out;
}

/**
 * The same keys, and each pair of exact sketches holds the same hashes: merged with each other,
 * two exact sketches are equal when neither grows.
 */
export function expectSameSketches(a: Map<string, SketchPair>, b: Map<string, SketchPair>): void {
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [key, x] of a) {
    const y = b.get(key)!;
    for (const part of ['visitors', 'returning'] as const) {
      const union = VisitorSketch.decode(x[part].encode());
      union.merge(y[part]);
      expect(x[part].isExact, key).toBe(true);
      expect([x[part].estimate(), y[part].estimate()], `${key} ${part}`).toEqual([union.estimate(), union.estimate()]);
    }
  }
}
