import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../db/open-database.js';
import { type AuditActor, recordAudit } from '../audit/audit-store.js';
import type { EventWriter } from '../ingest/writer/event-writer.js';
import {
  deletePersonIfNoSession,
  deleteSubjectRows,
  type Person,
  type PersonalTable,
  peopleOfSessions,
  personalTables,
  personSessionScan,
  type RowCounts,
} from './erasure-store.js';

/** Rows per delete: a few milliseconds of work, so ingestion and requests get the database between batches. */
const BATCH_ROWS = 2000;

export interface EraserDeps {
  db: Db;
  writer: Pick<EventWriter, 'settled'>;
}

export type ErasureTarget =
  | { kind: 'visitor'; visitorId: string }
  | { kind: 'session'; sessionId: string }
  | { kind: 'customer'; customerId: string };

const idOf = (target: ErasureTarget): string =>
  target.kind === 'visitor' ? target.visitorId : target.kind === 'customer' ? target.customerId : target.sessionId;

/** The person a target names (a session names none), and their id. */
const personOf = (target: ErasureTarget): { person: Person; id: string } | undefined =>
  target.kind === 'session' ? undefined : { person: target.kind, id: idOf(target) };

/** A table kept per person, not per session (the retention cohorts' rows): whose. */
const ownerOf = (table: PersonalTable): Person | undefined =>
  table.bySession ? undefined : table.byVisitor ? 'visitor' : table.byCustomer ? 'customer' : undefined;

/**
 * Erases everything stored about one visitor, one session or one identified customer of a site
 * (every session the customer was identified in, on any device), the way the site deleter
 * works: short batches on the main connection, each its own transaction, yielding between them,
 * so the ingest writer's thread commits meanwhile and ingestion never stalls.
 *
 * An event of that visitor may be queued in the writer while this runs. So: one pass over every
 * table, then wait until everything the writer had queued by then is committed
 * (`EventWriter.settled`), then a second pass, which removes what it committed meanwhile. Every
 * event /v1/collect acknowledged before the erasure began is gone when it answers; an event that
 * arrives after that is a new visit, stored like any other (the widget keeps its visitor id).
 *
 * The rows kept per person rather than per session (the retention cohorts' per visitor and per
 * customer) go with the person erased, and with any other visitor or customer of the erased
 * sessions who has no session left: nothing of theirs remains that those rows could describe.
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
      action: `${target.kind}.erase`,
      target: { kind: target.kind, id: idOf(target) },
      rows,
    });
    return rows;
  }

  /** The sessions to erase: the one named, or every session with a row of the visitor or customer. */
  async sessionsOf(siteId: string, target: ErasureTarget): Promise<string[]> {
    const who = personOf(target);
    if (who === undefined) return [idOf(target)];
    const { db } = this.deps;
    const found = new Set<string>();
    const holds = (t: PersonalTable) => (who.person === 'visitor' ? t.byVisitor : t.byCustomer);
    for (const table of personalTables(db).filter((t) => t.bySession && holds(t))) {
      for (const step of personSessionScan(db, table.name, who.person, siteId, who.id)) {
        for (const id of step) found.add(id);
        await sleep(0);
      }
    }
    return [...found];
  }

  private async pass(siteId: string, target: ErasureTarget, rows: RowCounts): Promise<void> {
    const { db } = this.deps;
    const sessions = await this.sessionsOf(siteId, target);
    // Read before the sessions go: customer_sessions and sessions say who they belonged to.
    const people = sessions.length > 0 ? peopleOfSessions(db, siteId, sessions) : { visitor: [], customer: [] };
    const tables = personalTables(db);
    for (const table of tables.filter((t) => t.bySession)) {
      if (sessions.length === 0) break;
      const subject = { sessions };
      while (deleteSubjectRows(db, table.name, siteId, subject, BATCH_ROWS, rows) === BATCH_ROWS) await sleep(0);
    }
    const who = personOf(target);
    for (const person of ['visitor', 'customer'] as const) {
      const own = tables.filter((t) => ownerOf(t) === person).map((t) => t.name);
      // The person erased: their rows, whatever else is left.
      if (who?.person === person)
        for (const table of own) {
          const subject = { person, id: who.id };
          while (deleteSubjectRows(db, table, siteId, subject, BATCH_ROWS, rows) === BATCH_ROWS) await sleep(0);
        }
      // Anyone else of those sessions: only once no session of theirs is left.
      for (const id of people[person]) {
        if (who?.person === person && who.id === id) continue;
        deletePersonIfNoSession(db, own, siteId, person, id, rows);
        await sleep(0);
      }
    }
  }
}
