import { monthOf } from '../lib/hour-bucket.js';
import { STORED_EXACT_MAX, VisitorSketch } from '../lib/visitor-sketch.js';
import type { Db } from './open-database.js';

// The monthly tier of visitor_segment_sketches for the days stored before ingestion wrote it. A
// UTC month is the union of its UTC days, and a union of sketches is the sketch of the union
// (registers take the maximum; an exact set the union), so each month is the merge of its day
// rows: what ingestion would have written, hash for hash. Merging is idempotent, so a month that
// already has a row (the segment backfill writes months too) comes out the same. Runs once after
// the migrations, in one transaction with the `settings` row that records it is done.

const DONE_KEY = 'backfill.visitor_segment_month_sketches';

interface DayRow {
  start: number;
  device: string;
  browser: string;
  language: string;
  visitors: Buffer;
  returning: Buffer;
}

interface MonthSketch {
  key: [string, 'month', number, string, string, string];
  visitors: VisitorSketch;
  returning: VisitorSketch;
}

export function backfillMonthSketches(db: Db): void {
  const sqlite = db.$client;
  if (sqlite.prepare('SELECT 1 FROM settings WHERE key = ?').get(DONE_KEY)) return;
  const sites = sqlite
    .prepare("SELECT DISTINCT site_id FROM visitor_segment_sketches WHERE tier = 'day'")
    .pluck()
    .all() as string[];
  // better-sqlite3 cannot write while a statement is iterated: one site's day rows are read whole
  // (a row per visitor segment and day: thousands, not millions), then its months written.
  const daysOf = sqlite.prepare(
    'SELECT start, device, browser, language, visitors, "returning" FROM visitor_segment_sketches ' +
      "WHERE site_id = ? AND tier = 'day'",
  );
  const existing = sqlite.prepare(
    'SELECT visitors, "returning" FROM visitor_segment_sketches WHERE site_id = ? AND tier = ? AND start = ? ' +
      'AND device = ? AND browser = ? AND language = ?',
  );
  const save = sqlite.prepare(
    'INSERT INTO visitor_segment_sketches (site_id, tier, start, device, browser, language, visitors, "returning") ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site_id, tier, start, device, browser, language) DO UPDATE SET ' +
      'visitors = excluded.visitors, "returning" = excluded."returning"',
  );
  sqlite.transaction(() => {
    for (const siteId of sites) {
      const months = new Map<string, MonthSketch>();
      for (const d of daysOf.all(siteId) as DayRow[]) {
        const start = monthOf(d.start);
        const id = [start, d.device, d.browser, d.language].join('\u0001');
        let m = months.get(id);
        if (!m) {
          m = {
            key: [siteId, 'month', start, d.device, d.browser, d.language],
            visitors: new VisitorSketch(),
            returning: new VisitorSketch(),
          };
          months.set(id, m);
        }
        m.visitors.merge(VisitorSketch.decode(d.visitors), STORED_EXACT_MAX);
        m.returning.merge(VisitorSketch.decode(d.returning), STORED_EXACT_MAX);
      }
      for (const m of months.values()) {
        const old = existing.get(...m.key) as { visitors: Buffer; returning: Buffer } | undefined;
        if (old) {
          m.visitors.merge(VisitorSketch.decode(old.visitors), STORED_EXACT_MAX);
          m.returning.merge(VisitorSketch.decode(old.returning), STORED_EXACT_MAX);
        }
        save.run(...m.key, m.visitors.encode(), m.returning.encode());
      }
    }
    sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(DONE_KEY, new Date().toISOString());
  })();
}
