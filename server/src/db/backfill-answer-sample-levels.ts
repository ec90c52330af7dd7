import { sessionSampleLevel } from '../lib/session-sample-level.js';
import type { Db } from './open-database.js';

// The sample level of the answers stored before a migration added it as 0 (in every sample's full
// read, in no smaller sample): response_traits' rows (migration 0060 copied them from
// responses.traits) and the answers' own (0062). SQLite has no hash function to draw it in SQL, so
// this runs once per table after the migrations, in one transaction with the `settings` row that
// records it is done, before the server answers anything. PostgreSQL's migrations draw it in SQL.

const TABLES = [
  { table: 'response_traits', doneKey: 'backfill.response_traits.sample_level' },
  { table: 'responses', doneKey: 'backfill.responses.sample_level' },
] as const;

export function backfillAnswerSampleLevels(db: Db): void {
  const sqlite = db.$client;
  sqlite.function('loupe_answer_sample_level', { deterministic: true }, (id) => sessionSampleLevel(String(id)));
  for (const { table, doneKey } of TABLES) {
    if (sqlite.prepare('SELECT 1 FROM settings WHERE key = ?').get(doneKey)) continue;
    sqlite.transaction(() => {
      // Half the answers stay at level 0: only the others' rows are rewritten.
      sqlite
        .prepare(
          `UPDATE ${table} SET sample_level = loupe_answer_sample_level(display_id) ` +
            'WHERE loupe_answer_sample_level(display_id) > 0',
        )
        .run();
      sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(doneKey, new Date().toISOString());
    })();
  }
}
