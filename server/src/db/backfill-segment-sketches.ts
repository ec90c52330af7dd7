import { monthOf } from '../lib/hour-bucket.js';
import { hashVisitor, STORED_EXACT_MAX, VisitorSketch } from '../lib/visitor-sketch.js';
import type { Db } from './open-database.js';

// Visitor sketches per segment (visitor_segment_sketches) for the sessions stored before the table
// existed. HyperLogLog registers cannot be built in SQL, so this runs once after the migrations,
// in one transaction with the `settings` row that records it is done. It adds what ingestion
// would have added (features/ingest/derive/visitor-sketch-deltas.ts), with one difference in the
// rare out-of-order case: here a visitor is returning when one of their sessions started earlier,
// where ingestion asks whether one was stored earlier.

const DONE_KEY = 'backfill.visitor_segment_sketches';
const DAY_MS = 86_400_000;

interface SessionRow {
  site_id: string;
  session_id: string;
  visitor_id: string | null;
  hour: number;
  device: string;
  browser: string;
  language: string;
}

export function backfillSegmentSketches(db: Db): void {
  const sqlite = db.$client;
  if (sqlite.prepare('SELECT 1 FROM settings WHERE key = ?').get(DONE_KEY)) return;
  const select = sqlite.prepare(
    'SELECT visitors, "returning" FROM visitor_segment_sketches WHERE site_id = ? AND tier = ? AND start = ? AND device = ? ' +
      'AND browser = ? AND language = ?',
  );
  const save = sqlite.prepare(
    'INSERT INTO visitor_segment_sketches (site_id, tier, start, device, browser, language, visitors, "returning") ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site_id, tier, start, device, browser, language) DO UPDATE SET ' +
      'visitors = excluded.visitors, "returning" = excluded."returning"',
  );
  // better-sqlite3 cannot write while a statement is being iterated: sessions are read a UTC day
  // (of first_ts) at a time, and each day's sketches written before the next is read. A session
  // counted in a later hour than its first_ts (an earlier event arrived late) may put a sketch in
  // two days' writes; the second merges into the first.
  const sessionsOf = sqlite.prepare(
    'SELECT site_id, session_id, visitor_id, hour, device, browser, language FROM sessions ' +
      'WHERE site_id = ? AND first_ts >= ? AND first_ts < ? ORDER BY first_ts',
  );
  const sites = sqlite
    .prepare('SELECT site_id, min(first_ts) AS first, max(first_ts) AS last FROM sessions GROUP BY site_id')
    .all() as { site_id: string; first: number; last: number }[];
  sqlite.transaction(() => {
    for (const site of sites) {
      const seen = new Set<string>();
      for (let from = site.first - (site.first % DAY_MS); from <= site.last; from += DAY_MS) {
        const open = new Map<string, { key: (string | number)[]; visitors: VisitorSketch; returning: VisitorSketch }>();
        for (const r of sessionsOf.all(site.site_id, from, from + DAY_MS) as SessionRow[]) {
          const visitorKey = r.visitor_id === null ? `session:${r.session_id}` : `visitor:${r.visitor_id}`;
          const returning = r.visitor_id !== null && seen.has(r.visitor_id);
          if (r.visitor_id !== null) seen.add(r.visitor_id);
          const hash = hashVisitor(visitorKey);
          for (const [tier, start] of [
            ['hour', r.hour],
            ['day', r.hour - (r.hour % DAY_MS)],
            ['month', monthOf(r.hour)],
          ] as const) {
            const key = [r.site_id, tier, start, r.device, r.browser, r.language];
            const id = key.join('\u0001');
            let x = open.get(id);
            if (!x) {
              x = { key, visitors: new VisitorSketch(), returning: new VisitorSketch() };
              open.set(id, x);
            }
            x.visitors.add(hash);
            if (returning) x.returning.add(hash);
          }
        }
        for (const x of open.values()) {
          const old = select.get(...x.key) as { visitors: Buffer; returning: Buffer } | undefined;
          if (old) {
            x.visitors.merge(VisitorSketch.decode(old.visitors), STORED_EXACT_MAX);
            x.returning.merge(VisitorSketch.decode(old.returning), STORED_EXACT_MAX);
          }
          save.run(...x.key, x.visitors.encode(), x.returning.encode());
        }
      }
    }
    sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(DONE_KEY, new Date().toISOString());
  })();
}
