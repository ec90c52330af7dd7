import { randomBytes } from 'node:crypto';
import type { Change } from '../lib/change-feed.js';
import type { Db } from './open-database.js';
import { CHANGE_CHANNEL, changePayload } from './postgres/postgres-change-feed.js';
import { dialectOf } from './sql-dialect.js';

/**
 * Tells the running servers of `db` of a committed change made outside them (the administration
 * CLIs, `npm run site`), as a server's own write tells the others: on PostgreSQL, the NOTIFY its
 * change feed sends (db/postgres/postgres-change-feed.ts), so their caches drop the site's entries
 * at once instead of at their next safety TTL. On SQLite there is no channel between processes:
 * the server's in-process feed drops its caches every second (lib/change-feed.ts) for this reason.
 * Call it after the change has committed: a server that hears it reads the site again at once.
 */
export function sendChangeNotice(db: Db, change: Change): void {
  if (dialectOf(db.$client) !== 'postgres') return;
  // An id of its own, never a server's: every server, the one that might share it included, must hear it.
  const sender = `cli-${randomBytes(6).toString('base64url')}`;
  db.$client.prepare('SELECT pg_notify(?, ?)').run(CHANGE_CHANNEL, changePayload(sender, change));
}
