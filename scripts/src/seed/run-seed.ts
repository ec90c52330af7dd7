import { createPageGroup, createPrompt, listPageGroups, type Db } from '@loupe/server';
import {
  createIngestStore,
  type DerivationProfile,
  dialectOf,
  toIngestRow,
  type IngestRow,
  patchResponse,
  type RowContext,
} from '@loupe/server/internal';
import { promptDefinitionSchema, SEGMENT_RANGES } from '@loupe/shared';
import { pickBrowser, pickDevice, pickLanguage, SEED_PAGE_GROUPS } from './seed-catalogue.js';
import { customerOf, SIGNED_IN_SHARE, scoreLift } from './seed-customers.js';
import { createRandom } from './seed-random.js';
import { generateSession, type SeedPrompts } from './session-generator.js';

export interface SeedOptions {
  siteId: string;
  responses: number;
  events: number;
  /** Data is spread over the last `days` days before `now`. */
  days: number;
  seed: number;
  now?: number;
  /** Events per transaction. */
  batch?: number;
  onProgress?: (p: SeedProgress) => void;
  /** Times each derivation of every commit into this map (createIngestStore's profile). */
  profile?: DerivationProfile;
}

export interface SeedProgress {
  events: number;
  responses: number;
  sessions: number;
  done: boolean;
}

/** Events of a session besides its prompts, and per answered prompt; refined while seeding. */
const START_BASE_EVENTS = 12;
const EVENTS_PER_ANSWER = 2.5;

/**
 * The prompts the seeded answers belong to, created paused: untargeted and active they would show
 * on every page of the site (and, one prompt per session, take the place of its real prompts).
 */
function createPrompts(db: Db, siteId: string, tag: string): SeedPrompts {
  const make = (kind: 'nps' | 'csat' | 'ces', question: string) =>
    createPrompt(
      db,
      siteId,
      promptDefinitionSchema.parse({
        name: `Seed ${kind.toUpperCase()} ${tag}`,
        kind,
        status: 'paused',
        texts: { en: { question } },
      }),
    ).id;
  return {
    nps: make('nps', 'How likely are you to recommend us to a friend?'),
    csat: make('csat', 'How satisfied are you with your purchase?'),
    ces: make('ces', 'How easy was it to get help today?'),
  };
}

/**
 * Writes realistic sessions through the ingest store itself (the same derivations and rollups as
 * POST /v1/collect, in big transactions), in time order over the last `days` days. Each session's
 * number of answers is drawn so the totals land on the requested events and responses.
 */
export function runSeed(db: Db, opts: SeedOptions): SeedProgress {
  const r = createRandom(opts.seed);
  const now = opts.now ?? Date.now();
  const spanStart = now - opts.days * 86_400_000;
  const span = opts.days * 86_400_000 - 3_600_000;
  const prompts = createPrompts(db, opts.siteId, new Date(now).toISOString().slice(0, 16));
  // The touchpoints read groups the catalogue's pages as an owner would; a site that has its own keeps them.
  if (listPageGroups(db, opts.siteId).length === 0) {
    for (const g of SEED_PAGE_GROUPS) createPageGroup(db, opts.siteId, g, SEED_PAGE_GROUPS.length);
  }
  const store = createIngestStore(db, { profile: opts.profile });
  const batchSize = opts.batch ?? 20_000;
  const p: SeedProgress = { events: 0, responses: 0, sessions: 0, done: false };
  let baseEvents = START_BASE_EVENTS;
  let rows: IngestRow[] = [];
  const visitors: string[] = [];
  let nextVisitor = 0;

  const sqlite = dialectOf(db.$client) === 'sqlite';
  const prev = sqlite ? db.$client.pragma('synchronous', { simple: true }) : undefined;
  // A seed can be re-run from scratch, so durability per transaction is not worth an fsync here
  // (PostgreSQL's connection keeps synchronous_commit on: the server's setting, not the seed's).
  if (sqlite) db.$client.pragma('synchronous = OFF');
  try {
    while (p.events < opts.events) {
      const leftEvents = opts.events - p.events;
      const leftAnswers = Math.max(0, opts.responses - p.responses);
      const sessionsLeft = Math.max(1, (leftEvents - leftAnswers * EVENTS_PER_ANSWER) / baseEvents);
      const want = Math.min(3, leftAnswers / sessionsLeft);
      const answers = Math.floor(want) + (r.chance(want % 1) ? 1 : 0);
      let visitorId: string | undefined;
      let returning = false;
      if (r.chance(0.8)) {
        // 40 % come back: a returning visitor is drawn from the most recent ones.
        returning = visitors.length > 0 && r.chance(0.4);
        visitorId = returning ? r.pick(visitors) : `v${(nextVisitor++).toString(36)}`;
        if (visitors.length < 50_000) visitors.push(visitorId);
        else visitors[r.int(0, visitors.length - 1)] = visitorId;
      }
      // The customer's plan colours their scores whether or not this visit signs in.
      const customer = visitorId === undefined ? undefined : customerOf(visitorId);
      const device = pickDevice(r);
      const ctx: RowContext = {
        siteId: opts.siteId,
        receivedAt: 0,
        client: { device, browser: pickBrowser(r) } as RowContext['client'],
      };
      // Whole milliseconds, as a widget stamps them: a fraction would be stored as a REAL that
      // PostgreSQL's bigint columns refuse (migrate-data stops at the first one).
      const start = spanStart + Math.floor(Math.min(1, p.events / opts.events) * span) + r.int(0, 600_000);
      const events = generateSession(
        r,
        {
          sessionId: `s${p.sessions.toString(36)}-${r.int(0, 1e9).toString(36)}`,
          visitorId,
          start,
          mobile: device !== 'desktop',
          language: pickLanguage(r),
          answers,
          signedIn: customer && r.chance(SIGNED_IN_SHARE) ? customer : undefined,
          scoreLift: scoreLift(customer, returning),
        },
        prompts,
      );
      for (const e of events) rows.push(toIngestRow(e, e.ts, { ...ctx, receivedAt: e.ts + 500 }));
      const answered = new Set(events.flatMap((e) => (e.type === 'response' ? [e.displayId] : []))).size;
      const promptEvents = events.filter(
        (e) => e.type === 'prompt_shown' || e.type === 'response' || e.type === 'prompt_dismissed',
      ).length;
      baseEvents = baseEvents * 0.999 + (events.length - promptEvents) * 0.001;
      p.events += events.length;
      p.responses += answered;
      p.sessions += 1;
      if (rows.length >= batchSize) {
        store.commit([rows]);
        rows = [];
        opts.onProgress?.(p);
      }
    }
    if (rows.length > 0) store.commit([rows]);
    resolveSomeComplaints(db, opts.siteId, now, r);
    if (sqlite) db.$client.pragma('analysis_limit = 1000');
    db.$client.exec('ANALYZE');
  } finally {
    if (sqlite) db.$client.pragma(`synchronous = ${String(prev)}`);
  }
  p.done = true;
  opts.onProgress?.(p);
  return p;
}

/**
 * Support closes the loop on about a third of older complaints, within an hour to five days: as
 * PATCH /v1/responses/:id resolves one, so the resolution counts and the answers' trait rows keep
 * it (an UPDATE of the answers alone left the overview's resolutions at zero).
 */
function resolveSomeComplaints(db: Db, siteId: string, now: number, r: ReturnType<typeof createRandom>): void {
  const detractor = Object.entries(SEGMENT_RANGES)
    .map(([kind, s]) => `(kind = '${kind}' AND score <= ${s.detractor[1]})`)
    .join(' OR ');
  const complaints = db.$client
    .prepare(
      `SELECT display_id, created_at FROM responses WHERE site_id = ? AND status = 'open' AND comment IS NOT NULL ` +
        `AND (${detractor}) AND created_at < ? ORDER BY created_at, display_id`,
    )
    .all(siteId, now - 86_400_000) as { display_id: string; created_at: number }[];
  for (const c of complaints) {
    if (!r.chance(1 / 3)) continue;
    const at = Math.min(now, Number(c.created_at) + 3_600_000 + Math.floor(r.next() * 432_000_000));
    patchResponse(db, siteId, c.display_id, { status: 'resolved', note: 'Followed up by support' }, at);
  }
}
