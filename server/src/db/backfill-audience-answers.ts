import { SEGMENT_RANGES } from '@loupe/shared';
import { type Kind, segmentOf } from '../analytics/score-math.js';
import { AudienceAnswerDeltas, answerTraitPairs } from '../features/ingest/derive/audience-answer-keys.js';
import { hourOf } from '../lib/hour-bucket.js';
import type Database from 'better-sqlite3';
import type { Db } from './open-database.js';

// The answers stored before the audience counts (db/schema/audience-answers.ts) existed, counted
// once after the migrations through the writer's own keys (audience-answer-keys.ts): SQLite cannot
// slice a journey's JSON the way the writer does, so this is no SQL appended to the migration. It
// counts what the writer would have: each answer's current score on its page, and its journey as
// last counted (`journey`, `friction_score`) at every depth, under '' and each of its traits, with
// its session's returning flag. A few thousand answers per statement keep the memory bounded; the
// whole runs in one transaction with the `settings` row that records it is done, before the server
// answers anything.

const DONE_KEY = 'backfill.audience_answer_counts';
const PAGE = 5_000;

interface StoredAnswer {
  site_id: string;
  display_id: string;
  kind: string;
  path: string;
  score: number;
  created_at: number;
  traits: string | null;
  journey: string | null;
  friction_score: number | null;
  returning: number;
}

export function backfillAudienceAnswers(db: Db): void {
  const sqlite = db.$client;
  if (sqlite.prepare('SELECT 1 FROM settings WHERE key = ?').get(DONE_KEY)) return;
  sqlite.transaction(() => {
    countAudienceAnswers(sqlite);
    sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(DONE_KEY, new Date().toISOString());
  })();
}

/**
 * Counts every stored answer (of one site when `siteId` is given) into the audience tables, assumed
 * empty of them, a page of answers at a time.
 */
export function countAudienceAnswers(sqlite: Database.Database, siteId: string | null = null): void {
  const page = sqlite.prepare(
    'SELECT r.site_id, r.display_id, r.kind, r.path, r.score, r.created_at, r.traits, r.journey, r.friction_score, ' +
      'coalesce((SELECT s."returning" FROM sessions AS s WHERE s.site_id = r.site_id AND s.session_id = r.session_id), 0) ' +
      // Paged by the answers' key (site, display id), which both engines have (PostgreSQL has no rowid).
      'AS "returning" FROM responses AS r WHERE (r.site_id, r.display_id) > (?, ?) ' +
      'AND (CAST(? AS TEXT) IS NULL OR r.site_id = ?) ORDER BY r.site_id, r.display_id LIMIT ?',
  );
  let after = { site: '', display: '' };
  for (;;) {
    const answers = page.all(after.site, after.display, siteId, siteId, PAGE) as StoredAnswer[];
    if (answers.length === 0) return;
    const deltas = new AudienceAnswerDeltas(sqlite);
    for (const a of answers) {
      const who = { siteId: a.site_id, traits: answerTraitPairs(a.traits), returning: a.returning === 1 };
      const hour = hourOf(a.created_at);
      deltas.addPathScore(who, a.kind, hour, a.path, a.score, 1);
      if (a.journey === null || a.friction_score === null || !(a.kind in SEGMENT_RANGES)) continue;
      const steps = JSON.parse(a.journey) as string[];
      const band = segmentOf(a.kind as Kind, a.friction_score);
      for (let depth = 1; depth <= steps.length; depth++) {
        const journey = JSON.stringify(steps.slice(-depth));
        deltas.addJourney(who, a.kind, depth, band, hour, journey, a.friction_score, 1);
      }
    }
    deltas.apply();
    const last = answers[answers.length - 1]!;
    after = { site: last.site_id, display: last.display_id };
  }
}
