import type Database from 'better-sqlite3';
import { sessionSampleLevel } from '../../src/lib/session-sample-level.js';

/**
 * A statement that stores one trait of a stored session as the identify derivation does
 * (customer-deltas.ts), with its session's start hour and sample level, which an audience's walk
 * reads the trait's sessions by: `run(siteId, sessionId, key, value)`.
 */
export function sessionTraitInsert(db: Database.Database) {
  const insert = db.prepare(
    'INSERT INTO session_traits (site_id, session_id, key, value, hour, sample_level) VALUES (@site, @session, @key, ' +
      '@value, (SELECT hour FROM sessions WHERE site_id = @site AND session_id = @session), @level)',
  );
  return {
    run: (siteId: string, sessionId: string, key: string, value: string) =>
      insert.run({ site: siteId, session: sessionId, key, value, level: sessionSampleLevel(sessionId) }),
  };
}
