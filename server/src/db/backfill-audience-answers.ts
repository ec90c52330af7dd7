import { SEGMENT_RANGES } from '@loupe/shared';
import { type Kind, segmentOf } from '../analytics/score-math.js';
import { AudienceAnswerDeltas, answerTraitPairs } from '../features/ingest/derive/audience-answer-keys.js';
import { storedFrictionMask } from '../features/ingest/derive/response-friction.js';
import { hourOf } from '../lib/hour-bucket.js';
import type Database from 'better-sqlite3';
import type { Db } from './open-database.js';

// The answers stored before the audience counts (db/schema/audience-answers.ts) existed, counted
// once after the migrations through the writer's own keys (audience-answer-keys.ts): SQLite cannot
// slice a journey's JSON the way the writer does, so this is no SQL appended to the migration. It
// counts what the writer would have: each answer's current score on its page, its journey as last
// counted (`journey`, `friction_score`) at every depth, and its friction as last counted (the
// friction columns, `friction_pages`, `friction_score`), under '' and each of its traits, with its
// session's returning flag. The friction counts came later than the others, so they have a
// `settings` row of their own: a database that counted the others counts only them. A few thousand answers per statement keep the memory bounded; the
// whole runs in one transaction with the `settings` row that records it is done, before the server
// answers anything.

const DONE_KEY = 'backfill.audience_answer_counts';
const FRICTION_DONE_KEY = 'backfill.audience_friction_counts';
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
  friction_rage: number;
  friction_dead: number;
  friction_error_clicks: number;
  friction_js_errors: number;
  friction_pages: string | null;
  returning: number;
}

/** Which audience counts to make: the pages and journeys (the first ones), the friction cubes. */
export interface AudienceCountParts {
  answers: boolean;
  friction: boolean;
}

const EVERY_PART: AudienceCountParts = { answers: true, friction: true };

export function backfillAudienceAnswers(db: Db): void {
  const sqlite = db.$client;
  const done = (key: string) => sqlite.prepare('SELECT 1 FROM settings WHERE key = ?').get(key) !== undefined;
  const parts = { answers: !done(DONE_KEY), friction: !done(FRICTION_DONE_KEY) };
  if (!parts.answers && !parts.friction) return;
  sqlite.transaction(() => {
    countAudienceAnswers(sqlite, null, parts);
    const record = sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    if (parts.answers) record.run(DONE_KEY, new Date().toISOString());
    if (parts.friction) record.run(FRICTION_DONE_KEY, new Date().toISOString());
  })();
}

/**
 * Counts every stored answer (of one site when `siteId` is given) into the audience tables of
 * `parts`, assumed empty of them, a page of answers at a time.
 */
export function countAudienceAnswers(
  sqlite: Database.Database,
  siteId: string | null = null,
  parts: AudienceCountParts = EVERY_PART,
): void {
  const page = sqlite.prepare(
    'SELECT r.site_id, r.display_id, r.kind, r.path, r.score, r.created_at, r.traits, r.journey, r.friction_score, ' +
      'r.friction_rage, r.friction_dead, r.friction_error_clicks, r.friction_js_errors, r.friction_pages, ' +
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
      if (parts.friction && a.friction_score !== null) {
        const pages = JSON.parse(a.friction_pages ?? '{}') as Record<string, number>;
        deltas.addFriction(who, a.kind, hour, a.friction_score, storedFrictionMask(a), pages, 1);
      }
      if (!parts.answers) continue;
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
