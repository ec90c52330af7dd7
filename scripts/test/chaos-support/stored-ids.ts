import { openDatabase } from '@loupe/server';
import type { Batch } from './load-generator.js';

export interface StoredCheck {
  integrity: string;
  acked: number;
  lost: number;
  duplicates: number;
  storedRows: number;
}

/**
 * Opens the database file with the server stopped and compares it with what was acknowledged:
 * every acknowledged id must be there exactly once (lost = missing, duplicates = extra rows).
 */
export function checkStored(dbPath: string, acked: Batch[]): StoredCheck {
  const db = openDatabase(dbPath);
  try {
    const integrity = String(db.$client.pragma('integrity_check', { simple: true }));
    const ids = acked.flatMap((b) => b.events.map((e) => e.id));
    // One pass over the table: `WHERE id = ?` per id cannot use the (site_id, id) key and made this
    // quadratic (minutes for a 60 s crash loop).
    const counts = new Map<string, number>();
    for (const row of db.$client.prepare('SELECT id, count(*) AS n FROM events GROUP BY id').iterate()) {
      const { id, n } = row as { id: string; n: number };
      counts.set(id, n);
    }
    let lost = 0;
    let duplicates = 0;
    for (const id of ids) {
      const n = counts.get(id) ?? 0;
      if (n === 0) lost++;
      if (n > 1) duplicates += n - 1;
    }
    // Rows stored more than once regardless of acknowledgement (a retried, unacknowledged batch too).
    const extra = { d: [...counts.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0) };
    const storedRows = (db.$client.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
    return { integrity, acked: ids.length, lost, duplicates: Math.max(duplicates, extra.d), storedRows };
  } finally {
    db.$client.close();
  }
}
