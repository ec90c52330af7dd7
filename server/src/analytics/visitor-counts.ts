import type Database from 'better-sqlite3';
import { VisitorSketch } from '../lib/visitor-sketch.js';
import { planSpans } from './tier-plan.js';

/**
 * Distinct visitors (and returning visitors) of the sessions started in [from, to): the union of
 * the hourly and daily sketches covering the range. Sketches cannot be subtracted, so the range is
 * cut into whole UTC days and edge hours only.
 */
export function readVisitors(db: Database.Database, siteId: string, from: number, to: number) {
  const visitors = new VisitorSketch();
  const returning = new VisitorSketch();
  const select = db.prepare(
    'SELECT visitors, "returning" FROM visitor_sketches WHERE site_id = ? AND tier = ? AND start >= ? AND start < ?',
  );
  for (const span of planSpans(from, to, { subtract: false, coarsest: 'daily' })) {
    const tier = span.tier === 'hour' ? 'hour' : 'day';
    for (const row of select.all(siteId, tier, span.start, span.end) as { visitors: Buffer; returning: Buffer }[]) {
      visitors.merge(VisitorSketch.decode(row.visitors));
      returning.merge(VisitorSketch.decode(row.returning));
    }
  }
  return { visitors: visitors.estimate(), returning: Math.min(returning.estimate(), visitors.estimate()) };
}
