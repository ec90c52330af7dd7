import { sessionSampleLevel } from '../lib/session-sample-level.js';
import type { Db } from './open-database.js';

// The sample levels of the rows stored before a migration added the column as 0 (in every
// sample's full walk, in no smaller sample). Each is lib/session-sample-level.ts's hash of an id:
// - of the session: session_reaches (the funnels' samples), session_traits (an audience's sample
//   within its rarest trait) and sessions (an audience without a trait);
// - of the answer (its display id): response_traits (an audience's answers within its rarest
//   trait) and responses (an audience's answers without a trait);
// - of the session's visitor: session_traits.person_level (a retention table's sample of people,
//   each with all their sessions; 0 for a session without a visitor id).
// SQLite has no hash function to compute it in SQL, so this runs once per column after the
// migrations, each in one transaction with the `settings` row that records it is done, before the
// server answers anything (until then a sampled read would see only the newer rows). PostgreSQL's
// migrations compute it in SQL.

/** One column to fill: the `settings` key that records it is done, and the UPDATE (the hash is `loupe_sample_level(id)`). */
interface LevelBackfill {
  doneKey: string;
  update: string;
}

/** The rows whose id hashes to level 0 (half of them) already hold it: only the others are rewritten. */
const byOwnId = (table: string, id: string): LevelBackfill => ({
  doneKey: `backfill.${table}.sample_level`,
  update: `UPDATE ${table} SET sample_level = loupe_sample_level(${id}) WHERE loupe_sample_level(${id}) > 0`,
});

const BACKFILLS: readonly LevelBackfill[] = [
  byOwnId('session_reaches', 'session_id'),
  byOwnId('session_traits', 'session_id'),
  byOwnId('sessions', 'session_id'),
  byOwnId('response_traits', 'display_id'),
  byOwnId('responses', 'display_id'),
  {
    doneKey: 'backfill.session_traits.person_level',
    // One hash per session with a visitor.
    update:
      'UPDATE session_traits AS t SET person_level = v.level FROM (SELECT site_id, session_id, ' +
      'loupe_sample_level(visitor_id) AS level FROM sessions WHERE visitor_id IS NOT NULL) AS v ' +
      'WHERE v.site_id = t.site_id AND v.session_id = t.session_id AND v.level > 0',
  },
];

export function backfillSampleLevels(db: Db): void {
  const sqlite = db.$client;
  sqlite.function('loupe_sample_level', { deterministic: true }, (id) => sessionSampleLevel(String(id)));
  for (const { doneKey, update } of BACKFILLS) {
    if (sqlite.prepare('SELECT 1 FROM settings WHERE key = ?').get(doneKey)) continue;
    sqlite.transaction(() => {
      sqlite.prepare(update).run();
      sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(doneKey, new Date().toISOString());
    })();
  }
}
