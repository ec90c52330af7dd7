import type Database from 'better-sqlite3';
import { perDatabase } from '../../../lib/per-database.js';

// Statements of the funnels' read model (session-step-deltas.ts), prepared once per database.

function prepare(db: Database.Database) {
  return {
    insertKey: db.prepare('INSERT INTO funnel_keys (site_id, kind, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    selectKey: db.prepare('SELECT id FROM funnel_keys WHERE site_id = ? AND kind = ? AND name = ?').pluck(),
    selectSteps: db
      .prepare(
        'SELECT steps, device, browser, language, first_ts FROM session_steps WHERE site_id = ? AND session_id = ?',
      )
      .raw(),
    /** The segment a new row files the session under: its first event's, as `sessions` keeps it. */
    sessionSegment: db.prepare('SELECT device, browser, language FROM sessions WHERE site_id = ? AND session_id = ?'),
    insertSteps: db.prepare(
      'INSERT INTO session_steps (site_id, session_id, first_ts, device, browser, language, steps) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    updateSteps: db.prepare('UPDATE session_steps SET first_ts = ?, steps = ? WHERE site_id = ? AND session_id = ?'),
    /**
     * The same when the first reach stays: SQLite rewrites session_steps_site_first_ts's entry
     * whenever a SET names first_ts, changed or not, and most commits only append later reaches.
     */
    updateStepsOnly: db.prepare('UPDATE session_steps SET steps = ? WHERE site_id = ? AND session_id = ?'),
    upsertReach: db.prepare(
      'INSERT INTO session_reaches (site_id, session_id, key_id, first_ts, sample_level) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (site_id, session_id, key_id) DO UPDATE SET first_ts = excluded.first_ts WHERE excluded.first_ts < first_ts',
    ),
    /**
     * Key ids known to be committed, kept between commits on this connection (ids never change).
     * Only ids found already stored go here: one inserted by a commit that then rolls back is gone.
     */
    keyMemo: new Map<string, number>(),
  };
}

export type SessionStepStatements = ReturnType<typeof prepare>;

/** The statements, prepared once per database. */
export const sessionStepStatements: (db: Database.Database) => SessionStepStatements = perDatabase(prepare);
