import { createHmac, randomBytes } from 'node:crypto';
import type { AuditAction, AuditActorKind, AuditEntry, AuditTargetKind } from '@loupe/shared';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/open-database.js';
import { auditLog, settings } from '../../db/schema/index.js';

/**
 * Who did it: a dashboard user's id (`usr_…`), or one of the credentials that are nobody in
 * particular. A string, so callers write what they know (`request.user?.userId ?? 'admin token'`).
 */
export type AuditActor = Exclude<AuditActorKind, 'user'> | `usr_${string}`;

/**
 * What it was done to. A visitor, session or customer is given by its id, which this store turns into a
 * keyed hash (`auditRef`) before anything is written: the log never holds the erased id in clear,
 * and no caller can forget to hash it.
 */
export type AuditTarget =
  | { kind: Exclude<AuditTargetKind, 'visitor' | 'session' | 'customer'>; ref: string | null }
  | { kind: 'visitor' | 'session' | 'customer'; id: string };

export interface AuditRecord {
  siteId: string | null;
  actor: AuditActor;
  action: AuditAction;
  target: AuditTarget;
  /** Rows deleted per table; tables with none are left out of the entry. */
  rows: Record<string, number>;
  at?: number;
}

const REF_KEY_SETTING = 'audit_ref_key';
const refKeys = new WeakMap<Db, Buffer>();

/**
 * The instance's key for audit references: 32 random bytes made on first use and kept in
 * `settings`, so the same id on this instance always gives the same reference (an operator asked
 * twice about one visitor can tell it was erased, and when) while references of two instances
 * cannot be joined.
 */
function refKey(db: Db): Buffer {
  let key = refKeys.get(db);
  if (key) return key;
  db.insert(settings)
    .values({ key: REF_KEY_SETTING, value: randomBytes(32).toString('base64') })
    .onConflictDoNothing()
    .run();
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, REF_KEY_SETTING)).get();
  key = Buffer.from(row!.value, 'base64');
  refKeys.set(db, key);
  return key;
}

/**
 * The keyed hash (HMAC-SHA256, first 128 bits, hex) that stands for a visitor's, session's or
 * customer's id in the log. The key is the instance's own, so the reference cannot be turned back
 * into the id; only someone who already holds the id can find its entries. (Visitor and session ids
 * are random; a customer id is the site's own and may be guessable, so whoever also holds the key,
 * the database, can test a guess: docs/privacy.md says so.)
 */
export function auditRef(db: Db, siteId: string | null, kind: 'visitor' | 'session' | 'customer', id: string): string {
  return createHmac('sha256', refKey(db))
    .update(`${kind}\0${siteId ?? ''}\0${id}`)
    .digest('hex')
    .slice(0, 32);
}

/**
 * Records one deletion. Call it in the transaction of the deletion's last step where there is one,
 * so the record and what it records commit together.
 */
export function recordAudit(db: Db, record: AuditRecord): void {
  const { target } = record;
  const targetRef = 'id' in target ? auditRef(db, record.siteId, target.kind, target.id) : target.ref;
  const rows = Object.fromEntries(Object.entries(record.rows).filter(([, n]) => n > 0));
  const isUser = record.actor.startsWith('usr_');
  db.insert(auditLog)
    .values({
      siteId: record.siteId,
      at: record.at ?? Date.now(),
      actorKind: isUser ? 'user' : record.actor,
      actorUserId: isUser ? record.actor : null,
      action: record.action,
      targetKind: target.kind,
      targetRef,
      rows,
      totalRows: Object.values(rows).reduce((a, b) => a + b, 0),
    })
    .run();
}

export interface AuditListing {
  siteId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Newest first, `limit` at a time; the cursor is the last entry's number. */
export function listAudit(db: Db, q: AuditListing): { entries: AuditEntry[]; nextCursor: string | null } {
  const conds: SQL[] = [];
  if (q.siteId !== undefined) conds.push(eq(auditLog.siteId, q.siteId));
  if (q.cursor !== undefined) conds.push(lt(auditLog.seq, Number(q.cursor)));
  const rows = db
    .select()
    .from(auditLog)
    .where(and(...conds))
    .orderBy(desc(auditLog.seq))
    .limit(q.limit + 1)
    .all();
  const more = rows.length > q.limit;
  const page = more ? rows.slice(0, q.limit) : rows;
  return {
    entries: page.map((r) => ({
      id: String(r.seq),
      at: new Date(r.at).toISOString(),
      siteId: r.siteId,
      actor: { kind: r.actorKind as AuditActorKind, userId: r.actorUserId },
      action: r.action as AuditAction,
      target: { kind: r.targetKind as AuditTargetKind, ref: r.targetRef },
      rows: r.rows,
      totalRows: r.totalRows,
    })),
    nextCursor: more ? String(page[page.length - 1]!.seq) : null,
  };
}
