import { traitText } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { indexedBy } from '../../../db/sql-dialect.js';
import type { IngestRow } from '../ingest-row.js';
import { AudienceAnswerDeltas } from './audience-answer-keys.js';
import { SESSION_TRAITS_KEY } from './audience-session-contributions.js';
import type { CustomerCohortDeltas } from './customer-cohort-deltas.js';
import { prepareRollupTable, RollupDeltas } from './rollup-deltas.js';
import { AudienceScoreCountDeltas } from './audience-score-count-deltas.js';
import { perDatabase } from '../../../lib/per-database.js';
import { personLevel, sessionSampleLevel } from '../../../lib/session-sample-level.js';

// Who the customer is: what identify events say, kept per session (sessions.customer_id,
// session_traits), and what every answer given after it carries (responses.customer_id, .traits)
// and is counted under (trait_score_rollups, and audience_score_counts without prompt, browser
// and language). One batch's identify calls are summed per session
// and written once at the end of the commit.
//
// The customer id and the traits are each the newest call's by client time (sessions.customer_ts,
// .traits_ts), so a call that arrives after a newer one (a retried batch, another tab) changes
// nothing. Every call decides the traits; only a call with an id, or one with neither id nor
// traits (`loupe('identify')`: forget), decides the customer: a call with traits alone (as
// `data-loupe-traits` sends on every page) keeps the customer the session already has.

/** What an answer is counted under besides its place: its customer's traits and new vs returning. */
export interface Audience {
  customerId: string | null;
  /** [name, value as text] pairs; empty without traits. */
  traits: [string, string][];
  returning: boolean;
}

/** Where an answer counts in trait_score_rollups: everything but its score and its traits. */
export interface TraitAnswerPlace {
  siteId: string;
  hour: number;
  promptId: string;
  kind: string;
  path: string;
  device: string;
  browser: string;
  language: string;
}

interface Identified {
  ts: number;
  customerId: string | null;
  traits: [string, string][];
  /** Whether the call decides the customer: it names one, or it forgets (neither id nor traits). */
  decidesCustomer: boolean;
}

/** A session's customer and traits, each with the client time of the call that decided it. */
interface IdentityState {
  customerId: string | null;
  customerTs: number | null;
  traits: [string, string][];
  traitsTs: number | null;
}

/** One batch's identify calls of one session, folded: the newest that decides each part. */
interface SessionCalls {
  siteId: string;
  sessionId: string;
  customer?: Identified;
  traits?: Identified;
  /** Every customer id a call of the batch named (each joins the customer's cohorts). */
  named: Set<string>;
  calls: Identified[];
}

function prepare(db: Database.Database) {
  return {
    storedCustomer: db.prepare(
      'SELECT customer_id, customer_ts, traits_ts, "returning", hour, visitor_id FROM sessions WHERE site_id = ? AND session_id = ?',
    ),
    storedTraits: db.prepare(
      `SELECT key, value FROM session_traits${indexedBy(db, SESSION_TRAITS_KEY)} ` +
        'WHERE site_id = ? AND session_id = ? ORDER BY key COLLATE BINARY',
    ),
    setCustomer: db.prepare(
      'UPDATE sessions SET customer_id = ?, customer_ts = ? WHERE site_id = ? AND session_id = ?',
    ),
    setTraitsTs: db.prepare('UPDATE sessions SET traits_ts = ? WHERE site_id = ? AND session_id = ?'),
    setReturning: db.prepare('UPDATE sessions SET "returning" = 1 WHERE site_id = ? AND session_id = ?'),
    // The session's answers keep its flag (db/schema/responses.ts). Those of this batch were stored
    // with it already; this holds the rule for any other, at one probe of (site_id, session_id).
    setAnswersReturning: db.prepare(
      'UPDATE responses SET "returning" = 1 WHERE site_id = ? AND session_id = ? AND "returning" = 0',
    ),
    clearTraits: db.prepare('DELETE FROM session_traits WHERE site_id = ? AND session_id = ?'),
    // With the session's start hour and sample level: an audience's walk reads its sessions of a
    // range, or a fixed sample of them, from these rows' index (analytics/audience-sessions.ts); and
    // its visitor and their level, for a fixed sample of people (features/cohorts/audience-people.ts).
    // And whether the session has a task run already (runs stored after it mark it: task-deltas.ts).
    insertTrait: db.prepare(
      'INSERT INTO session_traits (site_id, session_id, key, value, hour, sample_level, visitor_id, person_level, tasks) ' +
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    // Once per session whose traits are written, not once per trait row.
    hasTaskRun: db
      .prepare(
        'SELECT CASE WHEN EXISTS (SELECT 1 FROM task_runs AS r WHERE r.site_id = ? AND r.session_id = ?) THEN 1 ELSE 0 END',
      )
      .pluck(),
    traitScores: prepareRollupTable(
      db,
      'trait_score_rollups',
      [
        'site_id',
        'trait_key',
        'trait_value',
        'hour',
        'prompt_id',
        'kind',
        'device',
        'browser',
        'language',
        '"returning"',
        'score',
      ],
      ['responses', 'comments'],
    ),
  };
}
type CustomerStatements = ReturnType<typeof prepare>;
const statements: (db: Database.Database) => CustomerStatements = perDatabase(prepare);

/** An identify event's customer id and traits, from its stored payload (they are no narrow columns). */
function identifiedBy(row: IngestRow): Identified {
  const p = JSON.parse(row.payload) as { customerId?: string; traits?: Record<string, string | number | boolean> };
  const traits = Object.entries(p.traits ?? {}).map(([k, v]): [string, string] => [k, traitText(v)]);
  traits.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const customerId = p.customerId ?? null;
  return { ts: row.ts, customerId, traits, decidesCustomer: customerId !== null || traits.length === 0 };
}

/** Whether call `a` is newer than the one that decided a part at `ts` (stored: strictly newer wins). */
const newer = (a: Identified | undefined, ts: number | null): a is Identified =>
  a !== undefined && (ts === null || a.ts > ts);

/** The JSON an answer's `traits` column keeps (text values, names in order), or null without traits. */
export const traitsJson = (traits: readonly [string, string][]): string | null =>
  traits.length === 0 ? null : JSON.stringify(Object.fromEntries(traits));

export class CustomerDeltas {
  private readonly s: CustomerStatements;
  private readonly identified = new Map<string, SessionCalls>();
  private readonly scores;
  /** The same answers without prompt, browser and language, by hour, day and month. */
  private readonly audienceScores: AudienceScoreCountDeltas;
  /** The same answers per page (the touchpoints under an audience). */
  private readonly pages: AudienceAnswerDeltas;

  constructor(
    db: Database.Database,
    /** The read model's word on a session first stored by this batch (undefined: stored before). */
    private readonly returningIfNew: (siteId: string, sessionId: string) => boolean | undefined,
    private readonly cohorts: CustomerCohortDeltas,
  ) {
    this.s = statements(db);
    this.scores = new RollupDeltas(this.s.traitScores);
    this.audienceScores = new AudienceScoreCountDeltas(db);
    this.pages = new AudienceAnswerDeltas(db);
  }

  get tableName(): string {
    return 'trait_score_rollups';
  }

  /** An identify event: the newest call of the batch decides each part of the session's identity. */
  identify(row: IngestRow): void {
    const e = row.event;
    const id = `${row.siteId}\u0001${e.sessionId}`;
    let calls = this.identified.get(id);
    if (!calls) {
      calls = { siteId: row.siteId, sessionId: e.sessionId, named: new Set(), calls: [] };
      this.identified.set(id, calls);
    }
    const call = identifiedBy(row);
    calls.calls.push(call);
    if (call.customerId !== null) calls.named.add(call.customerId);
    if (call.decidesCustomer && !(calls.customer && calls.customer.ts > call.ts)) calls.customer = call;
    if (!(calls.traits && calls.traits.ts > call.ts)) calls.traits = call;
  }

  /**
   * Who gave an answer at `ts`: the session's identity with the batch's calls made up to `ts`
   * applied over what the session holds; `returning` as the read model decided it for a new
   * session, else as stored.
   */
  audienceOf(siteId: string, sessionId: string, ts: number): Audience {
    const mine = this.identified.get(`${siteId}\u0001${sessionId}`);
    const stored = this.s.storedCustomer.get(siteId, sessionId) as
      | { customer_id: string | null; customer_ts: number | null; traits_ts: number | null; returning: number }
      | undefined;
    const returning = this.returningIfNew(siteId, sessionId) ?? stored?.returning === 1;
    const state: IdentityState = {
      customerId: stored?.customer_id ?? null,
      customerTs: stored?.customer_ts ?? null,
      traits: [],
      traitsTs: stored?.traits_ts ?? null,
    };
    let storedTraits = stored !== undefined;
    for (const call of mine?.calls ?? []) {
      if (call.ts > ts) continue;
      // The stored parts were decided after the answer (a late batch): the batch's call is nearer.
      if (call.decidesCustomer && (state.customerTs === null || call.ts >= state.customerTs || state.customerTs > ts)) {
        state.customerId = call.customerId;
        state.customerTs = call.ts;
      }
      if (state.traitsTs === null || call.ts >= state.traitsTs || state.traitsTs > ts) {
        state.traits = call.traits;
        state.traitsTs = call.ts;
        storedTraits = false;
      }
    }
    if (storedTraits) {
      state.traits = (this.s.storedTraits.all(siteId, sessionId) as { key: string; value: string }[]).map(
        (r): [string, string] => [r.key, r.value],
      );
    }
    return { customerId: state.customerId, traits: state.traits, returning };
  }

  /** Whether the session's visitor is returning (the read model's word for a session new in this batch). */
  returningOf(siteId: string, sessionId: string): boolean {
    const fresh = this.returningIfNew(siteId, sessionId);
    if (fresh !== undefined) return fresh;
    const stored = this.s.storedCustomer.get(siteId, sessionId) as { returning: number } | undefined;
    return stored?.returning === 1;
  }

  /** `responses` more answers of `score` (`comments` of them with one) under every trait of the audience, and under ''. */
  addScore(a: TraitAnswerPlace, audience: Audience, score: number, responses: number, comments: number): void {
    const r = audience.returning ? 1 : 0;
    const add = (key: string, value: string) => {
      const k = [a.siteId, key, value, a.hour, a.promptId, a.kind, a.device, a.browser, a.language, r, score];
      this.scores.add(k, 'responses', responses);
      this.scores.add(k, 'comments', comments);
      this.audienceScores.add(
        {
          siteId: a.siteId,
          traitKey: key,
          traitValue: value,
          hour: a.hour,
          returning: r,
          device: a.device,
          kind: a.kind,
        },
        score,
        responses,
        comments,
      );
    };
    add('', '');
    for (const [key, value] of audience.traits) add(key, value);
    this.pages.addPathScore({ siteId: a.siteId, ...audience }, a.kind, a.hour, a.path, score, responses);
  }

  /**
   * After the batch's sessions are written: their returning flags, the parts of their identity a
   * newer call decided, the customers' cohorts, then the rollups.
   */
  apply(returningSessions: readonly { siteId: string; sessionId: string }[]): void {
    const s = this.s;
    for (const x of returningSessions) {
      s.setReturning.run(x.siteId, x.sessionId);
      s.setAnswersReturning.run(x.siteId, x.sessionId);
    }
    for (const x of this.identified.values()) {
      const stored = s.storedCustomer.get(x.siteId, x.sessionId) as
        | { customer_ts: number | null; traits_ts: number | null; hour: number; visitor_id: string | null }
        | undefined;
      if (newer(x.customer, stored?.customer_ts ?? null)) {
        s.setCustomer.run(x.customer.customerId, x.customer.ts, x.siteId, x.sessionId);
      }
      if (newer(x.traits, stored?.traits_ts ?? null)) {
        s.setTraitsTs.run(x.traits.ts, x.siteId, x.sessionId);
        s.clearTraits.run(x.siteId, x.sessionId);
        const hour = stored?.hour ?? 0;
        const level = sessionSampleLevel(x.sessionId);
        const visitorId = stored?.visitor_id ?? null;
        const person = personLevel(visitorId);
        const tasks = x.traits.traits.length === 0 ? 0 : Number(s.hasTaskRun.get(x.siteId, x.sessionId));
        for (const [key, value] of x.traits.traits) {
          s.insertTrait.run(x.siteId, x.sessionId, key, value, hour, level, visitorId, person, tasks);
        }
      }
      for (const customerId of x.named) this.cohorts.identified(x.siteId, x.sessionId, customerId);
    }
    this.cohorts.apply();
    this.scores.apply();
    this.audienceScores.apply();
    this.pages.apply();
    this.identified.clear();
  }
}
