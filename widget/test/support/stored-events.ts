import Database from 'better-sqlite3';

export interface StoredEvent {
  id: string;
  type: string;
  sessionId: string;
  visitorId: string | null;
  path: string;
  /** The client's own clock (the server stores a skew-corrected `ts`, keeping this in the payload). */
  clientTs: number;
  /** The rest of the event as the server stored it (already scrubbed). */
  payload: Record<string, unknown>;
  /** Narrow columns, flattened for convenience. */
  clickKind: string | null;
  selector: string | null;
  trackName: string | null;
  vitalName: string | null;
  vitalValue: number | null;
}

/** What the server committed for a site, in client-time order, read straight from its SQLite file (read-only). */
export function storedEvents(dbPath: string, siteId: string): StoredEvent[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT id, type, ts, session_id AS sessionId, visitor_id AS visitorId, path, payload,
                click_kind AS clickKind, selector, track_name AS trackName, vital_name AS vitalName,
                vital_value AS vitalValue
         FROM events WHERE site_id = ? ORDER BY ts, rowid`,
      )
      .all(siteId) as (Omit<StoredEvent, 'payload' | 'clientTs'> & { ts: number; payload: string })[];
    return rows
      .map(({ ts, ...r }) => {
        const payload = JSON.parse(r.payload) as Record<string, unknown>;
        return { ...r, payload, clientTs: typeof payload.clientTs === 'number' ? payload.clientTs : ts };
      })
      .sort((a, b) => a.clientTs - b.clientTs);
  } finally {
    db.close();
  }
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/** Polls until `check` returns something truthy (and returns it), or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 30_000): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as Truthy<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
