import { sessionSampleLevel } from '../lib/session-sample-level.js';
import type { Db } from './open-database.js';

// session_reaches.sample_level for the reaches stored before the column existed (the migration
// adds it as 0: in every sample's full walk, in no smaller sample). SQLite has no hash function
// to compute it in SQL, so this runs once after the migrations, in one transaction with the
// `settings` row that records it is done. Until it has run, a sampled funnel would see only the
// newer sessions; it runs before the server answers anything.

const DONE_KEY = 'backfill.session_reaches.sample_level';

export function backfillSampleLevels(db: Db): void {
  const sqlite = db.$client;
  if (sqlite.prepare('SELECT 1 FROM settings WHERE key = ?').get(DONE_KEY)) return;
  sqlite.function('loupe_session_sample_level', { deterministic: true }, (id) => sessionSampleLevel(String(id)));
  sqlite.transaction(() => {
    // Half the sessions stay at level 0: only the others' rows are rewritten.
    sqlite
      .prepare(
        'UPDATE session_reaches SET sample_level = loupe_session_sample_level(session_id) ' +
          'WHERE loupe_session_sample_level(session_id) > 0',
      )
      .run();
    sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(DONE_KEY, new Date().toISOString());
  })();
}
