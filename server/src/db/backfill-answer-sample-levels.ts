import { sessionSampleLevel } from '../lib/session-sample-level.js';
import type { Db } from './open-database.js';

// response_traits.sample_level for the answers migration 0059 copied from responses.traits (it
// stores them at level 0: in every sample's full read, in no smaller sample). SQLite has no hash
// function to draw it in SQL, so this runs once after the migrations, in one transaction with the
// `settings` row that records it is done, before the server answers anything. PostgreSQL's
// migration draws it in SQL.

const DONE_KEY = 'backfill.response_traits.sample_level';

export function backfillAnswerSampleLevels(db: Db): void {
  const sqlite = db.$client;
  if (sqlite.prepare('SELECT 1 FROM settings WHERE key = ?').get(DONE_KEY)) return;
  sqlite.function('loupe_answer_sample_level', { deterministic: true }, (id) => sessionSampleLevel(String(id)));
  sqlite.transaction(() => {
    // Half the answers stay at level 0: only the others' rows are rewritten.
    sqlite
      .prepare(
        'UPDATE response_traits SET sample_level = loupe_answer_sample_level(display_id) ' +
          'WHERE loupe_answer_sample_level(display_id) > 0',
      )
      .run();
    sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(DONE_KEY, new Date().toISOString());
  })();
}
