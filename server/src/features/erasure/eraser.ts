import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../db/open-database.js';
import { type AuditActor, recordAudit } from '../audit/audit-store.js';
import type { EventWriter } from '../ingest/writer/event-writer.js';
import {
  deleteSubjectRows,
  maxRowid,
  personalTables,
  type RowCounts,
  SCAN_STEP,
  type Subject,
  visitorSessionsIn,
} from './erasure-store.js';

/** Rows per delete: a few milliseconds of work, so ingestion and requests get the database between batches. */
const BATCH_ROWS = 2000;

export interface EraserDeps {
  db: Db;
  writer: Pick<EventWriter, 'settled'>;
}

export type ErasureTarget = { kind: 'visitor'; visitorId: string } | { kind: 'session'; sessionId: string };

/**
 * Erases everything stored about one visitor or one session of a site, the way the site deleter
 * works: short batches on the main connection, each its own transaction, yielding between them,
 * so the ingest writer's thread commits meanwhile and ingestion never stalls.
 *
 * An event of that visitor may be queued in the writer while this runs. So: one pass over every
 * table, then wait until everything the writer had queued by then is committed
 * (`EventWriter.settled`), then a second pass, which removes what it committed meanwhile. Every
 * event /v1/collect acknowledged before the erasure began is gone when it answers; an event that
 * arrives after that is a new visit, stored like any other (the widget keeps its visitor id).
 */
export class Eraser {
  constructor(private readonly deps: EraserDeps) {}

  async erase(siteId: string, target: ErasureTarget, actor: AuditActor): Promise<RowCounts> {
    const { db } = this.deps;
    const tables = personalTables(db);
    // Every table that can hold the id, and the webhook log a deleted answer takes with it, start at 0.
    const rows: RowCounts = Object.fromEntries(
      [...tables.map((t) => t.name), 'webhook_deliveries', 'webhook_attempts'].map((name) => [name, 0]),
    );
    await this.pass(siteId, target, rows);
    await this.deps.writer.settled();
    await this.pass(siteId, target, rows);
    recordAudit(db, {
      siteId,
      actor,
      action: target.kind === 'visitor' ? 'visitor.erase' : 'session.erase',
      target:
        target.kind === 'visitor'
          ? { kind: 'visitor', id: target.visitorId }
          : { kind: 'session', id: target.sessionId },
      rows,
    });
    return rows;
  }

  /** The sessions to erase: the one named, or every session with a row of the visitor. */
  async sessionsOf(siteId: string, target: ErasureTarget): Promise<string[]> {
    if (target.kind === 'session') return [target.sessionId];
    const { db } = this.deps;
    const found = new Set<string>();
    for (const table of personalTables(db).filter((t) => t.bySession && t.byVisitor)) {
      const end = maxRowid(db, table.name);
      for (let from = 0; from < end; from += SCAN_STEP) {
        for (const id of visitorSessionsIn(db, table.name, siteId, target.visitorId, from, from + SCAN_STEP))
          found.add(id);
        await sleep(0);
      }
    }
    return [...found];
  }

  private async pass(siteId: string, target: ErasureTarget, rows: RowCounts): Promise<void> {
    const { db } = this.deps;
    const sessions = await this.sessionsOf(siteId, target);
    for (const table of personalTables(db)) {
      const subjects: Subject[] = [];
      if (table.bySession && sessions.length > 0) subjects.push({ sessions });
      // A table kept per visitor only (none today) is erased by the visitor's id.
      if (!table.bySession && target.kind === 'visitor') subjects.push({ visitorId: target.visitorId });
      for (const subject of subjects) {
        while (deleteSubjectRows(db, table.name, siteId, subject, BATCH_ROWS, rows) === BATCH_ROWS) await sleep(0);
      }
    }
  }
}
