import { dayOf } from '../lib/hour-bucket.js';
import { hashVisitor, STORED_EXACT_MAX, VisitorSketch } from '../lib/visitor-sketch.js';
import { visitorKeyOf } from '../features/ingest/derive/audience-session-contributions.js';
import type { Db } from './open-database.js';

// Visitor sketches by who the session is (audience_visitor_sketches, and by browser and language
// audience_dimension_sketches) for the sessions stored before the table existed: HyperLogLog registers cannot be built in SQL (the migration counts
// the rest of audience_session_rates and audience_dimension_rates), so this runs once per table after the migrations (SQLite's, and on
// PostgreSQL once connected: db/postgres/open-postgres-database.ts), in one transaction with the
// `settings` row that records it is done. Each session's visitor goes into the hourly
// and daily sketch of the hour it started, under '' and each of its traits, with its returning
// flag and device (and its browser or language): where the writer puts it
// (features/ingest/derive/audience-visitor-sketch-deltas.ts).

const DAY_MS = 86_400_000;

interface SessionRow {
  session_id: string;
  visitor_id: string | null;
  hour: number;
  returning: number;
  device: string;
  browser: string;
  language: string;
}

/** A sketch table: its columns between trait_value and tier, and a session's values of them (one list per cell). */
interface SketchBackfill {
  doneKey: string;
  table: string;
  columns: readonly string[];
  cellsOf: (r: SessionRow) => (string | number)[][];
}

const BACKFILLS: readonly SketchBackfill[] = [
  {
    doneKey: 'backfill.audience_visitor_sketches',
    table: 'audience_visitor_sketches',
    columns: ['"returning"', 'device'],
    cellsOf: (r) => [[Number(r.returning), r.device]],
  },
  {
    doneKey: 'backfill.audience_dimension_sketches',
    table: 'audience_dimension_sketches',
    columns: ['dim', 'value', '"returning"', 'device'],
    cellsOf: (r) => [
      ['browser', r.browser, Number(r.returning), r.device],
      ['language', r.language, Number(r.returning), r.device],
    ],
  },
];

export function backfillAudienceSketches(db: Db): void {
  for (const b of BACKFILLS) backfillSketches(db, b);
}

function backfillSketches(db: Db, b: SketchBackfill): void {
  const sqlite = db.$client;
  if (sqlite.prepare('SELECT 1 FROM settings WHERE key = ?').get(b.doneKey)) return;
  const window = 's.site_id = ? AND s.first_ts >= ? AND s.first_ts < ?';
  const sessionsOf = sqlite.prepare(
    `SELECT s.session_id, s.visitor_id, s.hour, s."returning", s.device, s.browser, s.language FROM sessions AS s WHERE ${window}`,
  );
  // Not a join: without ANALYZE statistics SQLite takes a covering index that starts (site_id, key)
  // (`session_traits_key_sample`), on site_id only, for each session's traits: a scan of every
  // trait of the site per session, which never ends at 500,000 sessions. As a list, it scans them
  // once per day.
  const traitsOf = sqlite.prepare(
    'SELECT t.session_id, t.key, t.value FROM session_traits AS t WHERE t.site_id = ? AND t.session_id IN ' +
      `(SELECT s.session_id FROM sessions AS s WHERE ${window})`,
  );
  const columns = ['site_id', 'trait_key', 'trait_value', ...b.columns, 'tier', 'start'];
  const key = columns.map((c) => `${c} = ?`).join(' AND ');
  const load = sqlite.prepare(`SELECT visitors FROM ${b.table} WHERE ${key}`).pluck();
  const save = sqlite.prepare(
    `INSERT INTO ${b.table} (${columns.join(', ')}, visitors) VALUES (${columns.map(() => '?').join(', ')}, ?) ` +
      `ON CONFLICT (${columns.join(', ')}) DO UPDATE SET visitors = excluded.visitors`,
  );
  const sites = sqlite
    .prepare('SELECT site_id, min(first_ts) AS first, max(first_ts) AS last FROM sessions GROUP BY site_id')
    .all() as { site_id: string; first: number; last: number }[];
  sqlite.transaction(() => {
    for (const { site_id, ...range } of sites) {
      const site = { site_id, first: Number(range.first), last: Number(range.last) };
      // A UTC day of first_ts at a time (better-sqlite3 cannot write while iterating); a session
      // counted in a later day than its first_ts merges into that day's sketch when it is written.
      for (let from = site.first - (site.first % DAY_MS); from <= site.last; from += DAY_MS) {
        const traits = new Map<string, [string, string][]>();
        for (const t of traitsOf.all(site.site_id, site.site_id, from, from + DAY_MS) as {
          session_id: string;
          key: string;
          value: string;
        }[]) {
          const list = traits.get(t.session_id);
          if (list) list.push([t.key, t.value]);
          else traits.set(t.session_id, [[t.key, t.value]]);
        }
        const open = new Map<string, { key: (string | number)[]; sketch: VisitorSketch }>();
        for (const r of sessionsOf.all(site.site_id, from, from + DAY_MS) as SessionRow[]) {
          const hash = hashVisitor(visitorKeyOf(r.visitor_id, r.session_id));
          for (const [trait, value] of [['', ''] as [string, string], ...(traits.get(r.session_id) ?? [])]) {
            for (const [tier, start] of [
              ['hour', Number(r.hour)],
              ['day', dayOf(Number(r.hour))],
            ] as const) {
              for (const cell of b.cellsOf(r)) {
                const k = [site.site_id, trait, value, ...cell, tier, start];
                const id = k.join('\u0001');
                let x = open.get(id);
                if (!x) {
                  x = { key: k, sketch: new VisitorSketch() };
                  open.set(id, x);
                }
                x.sketch.add(hash);
              }
            }
          }
        }
        for (const x of open.values()) {
          const old = load.get(...x.key) as Buffer | undefined;
          if (old) x.sketch.merge(VisitorSketch.decode(old), STORED_EXACT_MAX);
          save.run(...x.key, x.sketch.encode());
        }
      }
    }
    // Two PostgreSQL instances started together may both fill them: a union twice is the same union.
    sqlite
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING')
      .run(b.doneKey, new Date().toISOString());
  })();
}
