import { sessionSampleLevel } from '../lib/session-sample-level.js';
import type { Db } from './open-database.js';

// session_traits.person_level of the rows stored before the column existed (the migration adds it
// as 0: in the full walk, in no smaller sample of people): the sample level of each row's visitor,
// from its session's visitor id. SQLite has no hash function to compute it in SQL, so this runs once
// after the migrations, in one transaction with the `settings` row that records it is done, before
// the server answers anything (until then a sampled retention table would see only newer people).

const DONE_KEY = 'backfill.session_traits.person_level';

export function backfillPersonLevels(db: Db): void {
  const sqlite = db.$client;
  if (sqlite.prepare('SELECT 1 FROM settings WHERE key = ?').get(DONE_KEY)) return;
  sqlite.function('loupe_visitor_sample_level', { deterministic: true }, (id) => sessionSampleLevel(String(id)));
  sqlite.transaction(() => {
    // One hash per session with a visitor; half the visitors stay at level 0, whose rows are left as they are.
    sqlite
      .prepare(
        'UPDATE session_traits AS t SET person_level = v.level FROM (SELECT site_id, session_id, ' +
          'loupe_visitor_sample_level(visitor_id) AS level FROM sessions WHERE visitor_id IS NOT NULL) AS v ' +
          'WHERE v.site_id = t.site_id AND v.session_id = t.session_id AND v.level > 0',
      )
      .run();
    sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(DONE_KEY, new Date().toISOString());
  })();
}
