import { sessionSampleLevel } from '../lib/session-sample-level.js';
import type { Db } from './open-database.js';

// The sample_level of the rows stored before the column existed (a migration adds it as 0: in
// every sample's full walk, in no smaller sample): session_reaches' (the funnels' samples),
// session_traits' (an audience's sample within its rarest trait) and sessions' (an audience without
// a trait). SQLite has no hash function to compute it in SQL, so this runs once per table after the
// migrations, in one transaction with the `settings` row that records it is done. Until it has run, a sampled read would see only the
// newer sessions; it runs before the server answers anything.

const TABLES = [
  { table: 'session_reaches', doneKey: 'backfill.session_reaches.sample_level' },
  { table: 'session_traits', doneKey: 'backfill.session_traits.sample_level' },
  { table: 'sessions', doneKey: 'backfill.sessions.sample_level' },
] as const;

export function backfillSampleLevels(db: Db): void {
  const sqlite = db.$client;
  sqlite.function('loupe_session_sample_level', { deterministic: true }, (id) => sessionSampleLevel(String(id)));
  for (const { table, doneKey } of TABLES) {
    if (sqlite.prepare('SELECT 1 FROM settings WHERE key = ?').get(doneKey)) continue;
    sqlite.transaction(() => {
      // Half the sessions stay at level 0: only the others' rows are rewritten.
      sqlite
        .prepare(
          `UPDATE ${table} SET sample_level = loupe_session_sample_level(session_id) ` +
            'WHERE loupe_session_sample_level(session_id) > 0',
        )
        .run();
      sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(doneKey, new Date().toISOString());
    })();
  }
}
