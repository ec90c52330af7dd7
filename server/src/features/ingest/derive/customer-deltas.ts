import { traitText } from '@loupe/shared';
import type Database from 'better-sqlite3';
import type { IngestRow } from '../ingest-row.js';
import { prepareRollupTable, RollupDeltas } from './rollup-deltas.js';

// Who the customer is: what identify events say, kept per session (sessions.customer_id,
// session_traits), and what every answer given after it carries (responses.customer_id, .traits)
// and is counted under (trait_score_rollups). One batch's identify calls are summed per session
// (the newest by client time wins) and written once at the end of the commit.

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
  device: string;
  browser: string;
  language: string;
}

interface Identified {
  ts: number;
  customerId: string | null;
  traits: [string, string][];
}

function prepare(db: Database.Database) {
  return {
    storedCustomer: db.prepare('SELECT customer_id, "returning" FROM sessions WHERE site_id = ? AND session_id = ?'),
    storedTraits: db.prepare('SELECT key, value FROM session_traits WHERE site_id = ? AND session_id = ? ORDER BY key'),
    setCustomer: db.prepare('UPDATE sessions SET customer_id = ? WHERE site_id = ? AND session_id = ?'),
    setReturning: db.prepare('UPDATE sessions SET "returning" = 1 WHERE site_id = ? AND session_id = ?'),
    clearTraits: db.prepare('DELETE FROM session_traits WHERE site_id = ? AND session_id = ?'),
    insertTrait: db.prepare('INSERT INTO session_traits (site_id, session_id, key, value) VALUES (?, ?, ?, ?)'),
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
const cache = new WeakMap<Database.Database, CustomerStatements>();

function statements(db: Database.Database): CustomerStatements {
  let s = cache.get(db);
  if (!s) {
    s = prepare(db);
    cache.set(db, s);
  }
  return s;
}

/** An identify event's customer id and traits, from its stored payload (they are no narrow columns). */
function identifiedBy(row: IngestRow): Identified {
  const p = JSON.parse(row.payload) as { customerId?: string; traits?: Record<string, string | number | boolean> };
  const traits = Object.entries(p.traits ?? {}).map(([k, v]): [string, string] => [k, traitText(v)]);
  traits.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { ts: row.ts, customerId: p.customerId ?? null, traits };
}

/** The JSON an answer's `traits` column keeps (text values, names in order), or null without traits. */
export const traitsJson = (traits: readonly [string, string][]): string | null =>
  traits.length === 0 ? null : JSON.stringify(Object.fromEntries(traits));

export class CustomerDeltas {
  private readonly s: CustomerStatements;
  private readonly identified = new Map<string, Identified & { siteId: string; sessionId: string }>();
  private readonly scores;

  constructor(
    db: Database.Database,
    /** The read model's word on a session first stored by this batch (undefined: stored before). */
    private readonly returningIfNew: (siteId: string, sessionId: string) => boolean | undefined,
  ) {
    this.s = statements(db);
    this.scores = new RollupDeltas(this.s.traitScores);
  }

  get tableName(): string {
    return 'trait_score_rollups';
  }

  /** An identify event: its session takes its customer id and traits, unless a newer call of the batch did. */
  identify(row: IngestRow): void {
    const e = row.event;
    const id = `${row.siteId}\u0001${e.sessionId}`;
    const seen = this.identified.get(id);
    if (seen && seen.ts > row.ts) return;
    this.identified.set(id, { siteId: row.siteId, sessionId: e.sessionId, ...identifiedBy(row) });
  }

  /**
   * Who gave an answer at `ts`: the batch's identify call of its session if it came first, else what
   * the session holds; `returning` as the read model decided it for a new session, else as stored.
   */
  audienceOf(siteId: string, sessionId: string, ts: number): Audience {
    const mine = this.identified.get(`${siteId}\u0001${sessionId}`);
    const stored = this.s.storedCustomer.get(siteId, sessionId) as
      | { customer_id: string | null; returning: number }
      | undefined;
    const returning = this.returningIfNew(siteId, sessionId) ?? stored?.returning === 1;
    if (mine && mine.ts <= ts) return { customerId: mine.customerId, traits: mine.traits, returning };
    if (stored === undefined) return { customerId: null, traits: [], returning };
    const traits = (this.s.storedTraits.all(siteId, sessionId) as { key: string; value: string }[]).map(
      (r): [string, string] => [r.key, r.value],
    );
    return { customerId: stored.customer_id, traits, returning };
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
    };
    add('', '');
    for (const [key, value] of audience.traits) add(key, value);
  }

  /** After the batch's sessions are written: their customers, traits and returning flags, then the rollups. */
  apply(returningSessions: readonly { siteId: string; sessionId: string }[]): void {
    const s = this.s;
    for (const x of returningSessions) s.setReturning.run(x.siteId, x.sessionId);
    for (const x of this.identified.values()) {
      s.setCustomer.run(x.customerId, x.siteId, x.sessionId);
      s.clearTraits.run(x.siteId, x.sessionId);
      for (const [key, value] of x.traits) s.insertTrait.run(x.siteId, x.sessionId, key, value);
    }
    this.scores.apply();
    this.identified.clear();
  }
}
