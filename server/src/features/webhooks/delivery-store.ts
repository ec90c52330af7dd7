import type Database from 'better-sqlite3';
import { dialectOf, jsonIntegers } from '../../db/sql-dialect.js';

/** An endpoint's oldest pending delivery, with what sending it needs. */
export interface DueDelivery {
  seq: number;
  id: string;
  webhook_id: string;
  site_id: string;
  message_id: string;
  event_type: string;
  subject: string;
  created_at: number;
  payload: string | null;
  attempts: number;
  url: string;
  kind: 'standard' | 'slack';
  secret: string;
  previous_secret: string | null;
  previous_secret_until: number | null;
  failing_since: number | null;
}

export interface AttemptRecord {
  seq: number;
  webhookId: string;
  attempt: number;
  at: number;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseExcerpt: string | null;
  /** The delivery after this attempt. */
  status: 'pending' | 'delivered' | 'failed';
  nextAttemptAt: number | null;
  /** The endpoint after this attempt. */
  failingSince: number | null;
  disable: 'gone' | 'failing' | undefined;
}

/**
 * The delivery worker's statements on the main connection. Deliveries of one endpoint go in
 * order: only the oldest pending one of each enabled endpoint is ever due (the head of its queue),
 * so a delivery waiting for its retry holds back the ones created after it.
 */
export function deliveryStatements(db: Database.Database) {
  const heads = db.prepare(
    'SELECT d.seq, d.id, d.webhook_id, d.site_id, d.message_id, d.event_type, d.subject, d.created_at, d.payload, d.attempts, ' +
      'w.url, w.kind, w.secret, w.previous_secret, w.previous_secret_until, w.failing_since ' +
      'FROM webhooks w JOIN webhook_deliveries d ON d.seq = ' +
      "(SELECT seq FROM webhook_deliveries WHERE webhook_id = w.id AND status = 'pending' ORDER BY seq LIMIT 1) " +
      'WHERE w.enabled = 1 AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.seq LIMIT ?',
  );
  // A claim moves a due delivery's next attempt past its send, if no one has meanwhile: on
  // PostgreSQL several instances poll the same queue, and the one whose UPDATE changes the row sends.
  // On SQLite one process polls, and its in-flight map is claim enough: no claim there, so a
  // delivery cut short by a crash is due again at the restart, not when a claim would run out.
  const shared = dialectOf(db) === 'postgres';
  const claim = db.prepare(
    "UPDATE webhook_deliveries SET next_attempt_at = ? WHERE seq = ? AND status = 'pending' AND attempts = ? AND next_attempt_at <= ?",
  );
  const release = db.prepare(
    "UPDATE webhook_deliveries SET next_attempt_at = ? WHERE seq = ? AND status = 'pending' AND attempts = ? AND next_attempt_at = ?",
  );
  const savePayload = db.prepare('UPDATE webhook_deliveries SET payload = ? WHERE seq = ? AND payload IS NULL');
  const updateDelivery = db.prepare(
    "UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, delivered_at = CASE WHEN ? = 'delivered' THEN CAST(? AS BIGINT) END WHERE seq = ?",
  );
  const insertAttempt = db.prepare(
    'INSERT INTO webhook_attempts (delivery_seq, attempt, at, status_code, duration_ms, error, response_excerpt) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const updateEndpoint = db.prepare('UPDATE webhooks SET failing_since = ? WHERE id = ?');
  const disableEndpoint = db.prepare(
    'UPDATE webhooks SET enabled = 0, disabled_reason = ?, disabled_at = ?, updated_at = ? WHERE id = ? AND enabled = 1',
  );
  const record = db.transaction((a: AttemptRecord) => {
    // A delivery deleted with its endpoint meanwhile: nothing to record.
    if (updateDelivery.run(a.status, a.attempt, a.nextAttemptAt, a.status, a.at, a.seq).changes === 0) return;
    insertAttempt.run(a.seq, a.attempt, a.at, a.statusCode, a.durationMs, a.error, a.responseExcerpt);
    updateEndpoint.run(a.failingSince, a.webhookId);
    if (a.disable !== undefined) disableEndpoint.run(a.disable, a.at, a.at, a.webhookId);
  });
  const oldDone = db
    .prepare(
      "SELECT seq FROM webhook_deliveries WHERE created_at < ? AND status <> 'pending' ORDER BY created_at LIMIT ?",
    )
    .pluck();
  const deleteAttempts = db.prepare(`DELETE FROM webhook_attempts WHERE delivery_seq IN (${jsonIntegers(db)})`);
  const deleteDeliveries = db.prepare(`DELETE FROM webhook_deliveries WHERE seq IN (${jsonIntegers(db)})`);
  const prune = db.transaction((before: number, limit: number): number => {
    const seqs = JSON.stringify(oldDone.all(before, limit));
    deleteAttempts.run(seqs);
    return deleteDeliveries.run(seqs).changes;
  });
  return {
    /**
     * Deletes up to `limit` delivered or failed deliveries created before `before`, with their
     * attempts; answers how many. Bounded, so the write lock is held briefly (ingestion shares it).
     * Pending ones stay however old: they are still to be sent.
     */
    pruneLog: (before: number, limit: number) => prune.immediate(before, limit),
    dueHeads: (now: number, limit: number) => heads.all(now, limit) as DueDelivery[],
    /**
     * Takes a due delivery for one send, until `until` (its timeout and a margin): false when
     * another instance took it first (it is sending it). On PostgreSQL a send cut short by a crash
     * is due again at `until`; on SQLite every due delivery is this process's.
     */
    claim: (d: DueDelivery, now: number, until: number): boolean =>
      !shared || claim.run(until, d.seq, d.attempts, now).changes === 1,
    /** Gives a claimed delivery back, due at once (a send aborted by a shutdown). */
    release: (d: DueDelivery, until: number, now: number) => {
      if (shared) release.run(now, d.seq, d.attempts, until);
    },
    savePayload: (seq: number, payload: string) => savePayload.run(payload, seq),
    /** The payload stored first wins (a replay carries its original's). */
    payloadOf: db.prepare('SELECT payload FROM webhook_deliveries WHERE seq = ?').pluck() as Database.Statement<
      [number],
      string | null
    >,
    record: (a: AttemptRecord) => record.immediate(a),
  };
}
