import type Database from 'better-sqlite3';
import { resolveRange } from '../../src/analytics/query-range.js';
import { readOverview } from '../../src/features/metrics/overview-store.js';
import { readPages } from '../../src/features/metrics/pages-store.js';
import { type Ran, statementsOf } from './statements-of.js';

/**
 * The reads of the answers of an audience without a trait (`returning` with a browser, with a
 * page) past a threshold of 0 on `db`, with one answer of `siteId` stored at sample level 3 so
 * they read a sample (levels 4 and deeper): the statements the pages and the overview ran that
 * read `responses` by its sample levels (the reads, and the counts that chose the level). For the
 * plan tests: the answer is all the data, so what is proved is the statements' shape.
 */
export function sampledAnswerReads(db: Database.Database, siteId: string): { reads: Ran[]; counts: Ran[] } {
  const at = Date.UTC(2026, 1, 3, 5);
  db.prepare(
    'INSERT INTO responses (site_id, display_id, prompt_id, kind, score, session_id, path, device, browser, ' +
      "language, created_at, updated_at, sample_level) VALUES (?, 'd-plan', 'p', 'nps', 9, 's', '/cart', 'desktop', " +
      "'chrome', 'en', ?, ?, 3)",
  ).run(siteId, at, at);
  const range = resolveRange({ from: '2026-01-10', to: '2026-04-20', tz: 'America/New_York' });
  const sampling = { exact: false, threshold: 0 };
  const returning = { traits: [], returning: true };
  const ran = statementsOf(db, () => {
    readPages(
      db,
      siteId,
      { filters: { browser: 'chrome' }, audience: returning, sort: 'views', order: 'desc', limit: 10, sampling },
      range,
    );
    readOverview(db, siteId, range, { path: '/cart' }, returning, sampling);
  });
  const byLevel = ran.filter((r) => /\bresponses\b/.test(r.sql) && r.sql.includes('sample_level'));
  return {
    reads: byLevel.filter((r) => r.sql.includes('sample_level IN (4, 5, 6, 7, 8, 9, 10)')),
    counts: byLevel.filter((r) => r.sql.startsWith('SELECT count(*) FROM responses WHERE')),
  };
}
