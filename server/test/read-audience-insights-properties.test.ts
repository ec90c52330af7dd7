import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { countAudienceAnswers } from '../src/db/backfill-audience-answers.js';
import { dialectOf } from '../src/db/sql-dialect.js';
import { audienceCountsClicks } from '../src/features/clicks/audience-click-counts.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { expectApprox } from './helpers/approx.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { datasetArb, datasetEvents, type Dataset } from './helpers/random-dataset.js';
import { datasetRange, rangeArb } from './helpers/reference/filters-arb.js';
import { type Raw, type RawResponse, inRange, loadRaw } from './helpers/reference/raw-rows.js';
import { refFrictionInsight } from './helpers/reference/reference-friction.js';
import { type Band, bandOf, type Kind, refJourneys } from './helpers/reference/reference-journeys.js';
import { refClicks } from './helpers/reference/reference-signals.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { migrationBackfill, migrationInserts } from './helpers/migration-inserts.js';
import { propertyRuns } from './helpers/property-runs.js';
import { GRAINS } from './helpers/tiered-count-snapshot.js';
import { untilCovered } from './helpers/until-covered.js';
import { sessionTraitInsert } from './helpers/session-trait-insert.js';

// The responses list and export, the friction insight, journeys, touchpoints and clicks narrowed by
// an audience (trait filters, new vs returning) equal plain computations over the raw rows narrowed
// the same way: an answer by the traits it carried, a click by its session's traits; both by
// whether their session was returning. Around DST changes, in whole-hour zones and Asia/Kolkata.
//
// The audience is assigned after ingestion, as the identify derivation stores it (session_traits,
// sessions.returning and the answers' copy of it, responses.traits), from a salted hash of each id: the read paths are what is
// under test here (customer-traits.test.ts covers how identify calls become those rows).

type AnswerTraits = { plan?: string; vip?: boolean };
type SessionTraits = { plan?: string };

const pick = <T>(salt: number, id: string, xs: readonly T[]): T => {
  const h = createHash('sha1').update(`${salt}:${id}`).digest();
  return xs[h.readUInt32BE(0) % xs.length]!;
};

interface Assigned {
  answerTraits: Map<string, AnswerTraits>;
  sessionTraits: Map<string, SessionTraits>;
  returning: Map<string, boolean>;
}

function assignAudience(app: App, siteId: string, raw: Raw, salt: number): Assigned {
  const db = app.db.$client;
  const out: Assigned = { answerTraits: new Map(), sessionTraits: new Map(), returning: new Map() };
  const trait = sessionTraitInsert(db);
  const returning = db.prepare('UPDATE sessions SET "returning" = ? WHERE site_id = ? AND session_id = ?');
  for (const s of raw.sessions) {
    const plan = pick(salt, `s-plan ${s.sessionId}`, ['pro', 'free', undefined]);
    out.sessionTraits.set(s.sessionId, plan === undefined ? {} : { plan });
    if (plan !== undefined) trait.run(siteId, s.sessionId, 'plan', plan);
    const r = pick(salt, `s-ret ${s.sessionId}`, [true, false]);
    out.returning.set(s.sessionId, r);
    returning.run(r ? 1 : 0, siteId, s.sessionId);
  }
  // Each answer keeps its session's flag (responses.returning): set again as the migration that
  // added it sets it from the sessions.
  db.prepare('UPDATE responses SET "returning" = 0 WHERE site_id = ?').run(siteId);
  for (const sql of migrationBackfill('responses_returning', dialectOf(db) === 'postgres')) db.exec(sql);
  const answer = db.prepare('UPDATE responses SET traits = ? WHERE site_id = ? AND display_id = ?');
  for (const r of raw.responses) {
    // An answer carries the traits of its session's identify before it: often the session's last
    // ones, not always (an identify after the answer changes the session, not the answer).
    const plan = pick(salt, `r-plan ${r.displayId}`, [out.sessionTraits.get(r.sessionId)?.plan, 'pro', undefined]);
    const vip = pick(salt, `r-vip ${r.displayId}`, [true, false, undefined]);
    const traits: AnswerTraits = { ...(plan ? { plan } : {}), ...(vip === undefined ? {} : { vip }) };
    out.answerTraits.set(r.displayId, traits);
    answer.run(Object.keys(traits).length ? JSON.stringify(traits) : null, siteId, r.displayId);
  }
  refillResponseTraits(app);
  return out;
}

/**
 * The answers' traits as the reads find them (response_traits) are written with the answer; the
 * traits assigned here after ingestion are filled again from the stored answers, every site's, by
 * the migration's SQL (the backfill), on the engine's own dialect.
 */
function refillResponseTraits(app: App): void {
  const db = app.db.$client;
  db.prepare('DELETE FROM response_traits').run();
  for (const name of ['response_traits', 'response_traits_resolved'])
    for (const sql of migrationBackfill(name, dialectOf(db) === 'postgres')) db.exec(sql);
}

/** The tables of db/schema/audience-answers.ts, every grain. */
const AUDIENCE_ANSWER_TABLES = [
  'audience_path_scores',
  'audience_journey_rollups',
  'audience_friction_rollups',
  'audience_friction_page_rollups',
].flatMap((t) => [t, `${t}_daily`, `${t}_monthly`]);

/**
 * The audience counts (what a touchpoints, journeys or friction read of at most one trait and no
 * segment filter sums) are kept by the writer from what identify stored; the audience assigned here after
 * ingestion is counted again from the stored answers, as the backfill counts them
 * (audience-answer-counts.test.ts holds the writer to that count).
 */
function recountAudienceAnswers(app: App, siteId: string): void {
  const db = app.db.$client;
  for (const table of AUDIENCE_ANSWER_TABLES) db.prepare(`DELETE FROM ${table} WHERE site_id = ?`).run(siteId);
  countAudienceAnswers(db, siteId);
}

/**
 * The clicks by who the session is (what a clicks read of at most one trait sums) are kept by the
 * writer from what identify stored; the audience assigned here after ingestion is counted again
 * from the stored sessions, every site's, by the migration's SQL (audience-click-counts.test.ts
 * holds the writer to that count).
 */
function recountAudienceClicks(app: App): void {
  const db = app.db.$client;
  for (const grain of GRAINS) db.prepare(`DELETE FROM audience_clicks${grain}`).run();
  for (const sql of migrationInserts('audience_clicks', dialectOf(db) === 'postgres')) db.prepare(sql).run();
}

/** An audience as the API takes it: trait filters (text values) and returning. */
interface AudienceQ {
  traits: Record<string, string>;
  returning?: boolean | undefined;
}

const audienceArb: fc.Arbitrary<AudienceQ> = fc.record(
  {
    traits: fc.constantFrom<Record<string, string>>(
      {},
      { plan: 'pro' },
      { plan: 'free' },
      { vip: 'true' },
      { plan: 'pro', vip: 'false' },
      { shoeSize: '44' },
    ),
    returning: fc.option(fc.boolean(), { nil: undefined }),
  },
  { requiredKeys: ['traits'] },
);

const audienceQs = (a: AudienceQ): Record<string, string> => ({
  ...Object.fromEntries(Object.entries(a.traits).map(([k, v]) => [`trait.${k}`, v])),
  ...(a.returning === undefined ? {} : { returning: String(a.returning) }),
});

const textOf = (v: string | boolean | undefined) => (v === undefined ? undefined : String(v));

function answerMatches(a: Assigned, q: AudienceQ, r: RawResponse): boolean {
  const traits = a.answerTraits.get(r.displayId)!;
  if (q.returning !== undefined && a.returning.get(r.sessionId) !== q.returning) return false;
  return Object.entries(q.traits).every(([k, v]) => textOf(traits[k as keyof AnswerTraits]) === v);
}

function sessionMatches(a: Assigned, q: AudienceQ, sessionId: string): boolean {
  const traits = a.sessionTraits.get(sessionId)!;
  if (q.returning !== undefined && a.returning.get(sessionId) !== q.returning) return false;
  return Object.entries(q.traits).every(([k, v]) => textOf(traits[k as keyof SessionTraits]) === v);
}

describe('responses, friction, journeys, touchpoints and clicks by audience, against reference computations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  const get = async (secret: string, url: string) => {
    const res = await t.app.inject({ url, headers: { authorization: `Bearer ${secret}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res;
  };

  function seeded(dataset: Dataset, salt: number) {
    const site = createSite(t.app.db, { name: 'a', origins: [] });
    ingestDataset(t.app, site.siteId, datasetEvents(dataset, createDatasetPrompts(t.app, site.siteId)));
    const raw = loadRaw(t.app, site.siteId);
    return { site, raw, assigned: assignAudience(t.app, site.siteId, raw, salt) };
  }

  it('GET /v1/responses, /v1/responses.ndjson and /v1/insights/friction', async () => {
    // Cases the friction counts by who answered served (at most one trait, or only new vs
    // returning) with answers in the range: under a trait, under a flag, and after friction.
    const counted = { answers: 0, trait: 0, returning: 0, met: 0 };
    const covered = () => counted.answers >= 5 && counted.trait >= 2 && counted.returning >= 2 && counted.met >= 2;
    const batch = () =>
      fc.assert(
        fc.asyncProperty(
          datasetArb,
          fc.nat(),
          rangeArb,
          audienceArb,
          fc.constantFrom<Kind>('nps', 'csat', 'ces'),
          fc.option(fc.constantFrom('mobile', 'desktop'), { nil: undefined }),
          async (dataset, salt, r, audience, kind, device) => {
            const { site, raw, assigned } = seeded(dataset, salt);
            recountAudienceAnswers(t.app, site.siteId);
            const { qs, fromHour, toHour } = datasetRange(dataset, r);
            const mine = { ...raw, responses: raw.responses.filter((x) => answerMatches(assigned, audience, x)) };

            const listQs = new URLSearchParams({
              ...audienceQs(audience),
              limit: '200',
              ...(device ? { device } : {}),
            });
            const expected = mine.responses
              .filter((x) => device === undefined || x.device === device)
              .map((x) => x.displayId)
              .sort();
            const list = (await get(site.secretKey, `/v1/responses?${listQs}`)).json();
            expect(list.responses.map((x: { id: string }) => x.id).sort()).toEqual(expected);
            listQs.delete('limit');
            const lines = (await get(site.secretKey, `/v1/responses.ndjson?${listQs}`)).body
              .split('\n')
              .filter(Boolean);
            expect(lines.map((l) => JSON.parse(l).id).sort()).toEqual(expected);

            const insight = (
              await get(
                site.secretKey,
                `/v1/insights/friction?${new URLSearchParams({ ...qs, kind, minResponses: '1', ...audienceQs(audience) })}`,
              )
            ).json();
            const ref = refFrictionInsight(mine, kind, fromHour, toHour, 1);
            expectApprox(insight.overall, ref.overall);
            expectApprox(insight.byType, ref.byType);
            expectApprox(insight.byPage, ref.byPage);
            expectApprox(insight.topFriction, ref.topFriction);
            const traits = Object.keys(audience.traits).length;
            const byCounts = traits === 1 || (traits === 0 && audience.returning !== undefined);
            if (byCounts && ref.overall.met.responses + ref.overall.notMet.responses > 0) {
              counted.answers += 1;
              if (traits === 1) counted.trait += 1;
              if (audience.returning !== undefined) counted.returning += 1;
              if (ref.overall.met.responses > 0) counted.met += 1;
            }
          },
        ),
        { numRuns: propertyRuns(30) },
      );
    // Few random cases have answers in their range under such an audience: up to ten batches.
    await untilCovered(batch, covered, 10);
    expect(covered(), JSON.stringify(counted)).toBe(true);
  }, 240_000);

  it('GET /v1/insights/journeys and /v1/insights/touchpoints', async () => {
    await fc.assert(
      fc.asyncProperty(
        datasetArb,
        fc.nat(),
        rangeArb,
        audienceArb,
        fc.constantFrom<Kind>('nps', 'csat', 'ces'),
        fc.constantFrom<Band>('detractor', 'passive', 'promoter'),
        fc.constantFrom<Record<string, string>>({}, { device: 'mobile' }, { browser: 'safari' }),
        async (dataset, salt, r, audience, kind, segment, filters) => {
          const { site, raw, assigned } = seeded(dataset, salt);
          recountAudienceAnswers(t.app, site.siteId);
          const { qs, fromHour, toHour } = datasetRange(dataset, r);
          const mine = { ...raw, responses: raw.responses.filter((x) => answerMatches(assigned, audience, x)) };
          const aq = audienceQs(audience);

          // Every depth: an answer with fewer steps than asked has no journey of that depth.
          for (let depth = 1; depth <= 5; depth++) {
            const journeys = (
              await get(
                site.secretKey,
                `/v1/insights/journeys?${new URLSearchParams({ ...qs, ...filters, ...aq, kind, segment, depth: String(depth), limit: '100' })}`,
              )
            ).json();
            const compareTo = segment === 'promoter' ? 'detractor' : 'promoter';
            const ref = refJourneys(mine, { kind, segment, compareTo, depth, fromHour, toHour }, filters);
            expect(journeys.totals).toEqual(ref.totals);
            const byKey = (xs: { steps: string[] }[]) =>
              xs.map(({ steps, ...x }) => ({ key: steps.join(' '), ...x })).sort((a, b) => (a.key < b.key ? -1 : 1));
            expect(byKey(journeys.journeys.map(({ lift: _lift, ...j }: { lift: number | null }) => j))).toEqual(
              byKey(ref.journeys),
            );
          }

          const touch = (
            await get(
              site.secretKey,
              `/v1/insights/touchpoints?${new URLSearchParams({ ...qs, ...filters, ...aq, kind, limit: '200' })}`,
            )
          ).json();
          const answers = mine.responses.filter(
            (x) =>
              x.kind === kind &&
              inRange(x.createdAt, fromHour, toHour) &&
              Object.entries(filters).every(([k, v]) => x[k as 'device' | 'browser'] === v),
          );
          const pages = [...new Set(answers.map((x) => x.path))].sort();
          const got = [...touch.pages].sort((a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : 1));
          expect(got.map((p: { path: string }) => p.path)).toEqual(pages);
          for (const p of got) {
            const here = answers.filter((x) => x.path === p.path);
            expect({ responses: p.responses, promoters: p.promoters, detractors: p.detractors }).toEqual({
              responses: here.length,
              promoters: here.filter((x) => bandOf(kind, x.score) === 'promoter').length,
              detractors: here.filter((x) => bandOf(kind, x.score) === 'detractor').length,
            });
          }
        },
      ),
      { numRuns: propertyRuns(40) },
    );
  }, 120_000);

  it('GET /v1/clicks, every kind', async () => {
    // The cases the counts by who the session is served with clicks to show: under a trait and
    // under new vs returning alone, for the frustration kinds and for the ordinary clicks.
    const served = { trait: 0, returningOnly: 0, frustration: 0, plain: 0 };
    const covered = () => Object.values(served).every((n) => n >= 2);
    // After a first batch of any audience, only those the counts serve: the others cannot meet a
    // missing case, and the ordinary clicks of a served audience in range are rare enough that a
    // batch of any audience met them once in six batches on PostgreSQL.
    const servedByCounts = (a: AudienceQ) => {
      const traits = Object.entries(a.traits).map(([key, value]) => ({ key, value }));
      return (
        audienceCountsClicks({ traits, returning: a.returning }) && (traits.length > 0 || a.returning !== undefined)
      );
    };
    let batches = 0;
    await untilCovered(
      () =>
        fc.assert(
          fc.asyncProperty(
            datasetArb,
            fc.nat(),
            rangeArb,
            batches++ === 0 ? audienceArb : audienceArb.filter(servedByCounts),
            fc.option(fc.constantFrom('rage', 'dead', 'error', 'click'), { nil: undefined }),
            fc.record({
              path: fc.option(fc.constantFrom('/', '/cart'), { nil: undefined }),
              device: fc.option(fc.constantFrom('desktop', 'mobile'), { nil: undefined }),
            }),
            async (dataset, salt, r, audience, kind, filters) => {
              const { site, raw, assigned } = seeded(dataset, salt);
              recountAudienceClicks(t.app);
              const { qs, fromHour, toHour } = datasetRange(dataset, r);
              const mine = {
                ...raw,
                events: raw.events.filter((e) => sessionMatches(assigned, audience, e.sessionId)),
              };
              // The drawn filters, then none and each way of asking: most drawn filters leave no click.
              const variants = [
                { filters, kind },
                { filters: { path: undefined, device: undefined }, kind },
                { filters: { path: undefined, device: undefined }, kind: undefined },
                { filters: { path: undefined, device: undefined }, kind: 'click' as const },
              ];
              for (const { filters, kind } of variants) {
                const f = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as Record<
                  string,
                  string
                >;
                const body = (
                  await get(
                    site.secretKey,
                    `/v1/clicks?${new URLSearchParams({ ...qs, ...f, ...audienceQs(audience), ...(kind ? { kind } : {}), limit: '500' })}`,
                  )
                ).json();
                const traits = Object.entries(audience.traits).map(([key, value]) => ({ key, value }));
                const fromCounts = audienceCountsClicks({ traits, returning: audience.returning });
                if (fromCounts && (traits.length > 0 || audience.returning !== undefined) && body.totalGroups > 0) {
                  served[traits.length === 1 ? 'trait' : 'returningOnly']++;
                  served[kind === 'click' ? 'plain' : 'frustration']++;
                }
                const frustration = refClicks(mine, fromHour, toHour, filters);
                if (kind !== 'click') {
                  const ref = refClicks(mine, fromHour, toHour, { ...filters, kind });
                  expect(body.totalGroups).toBe(ref.size);
                  for (const c of body.clicks) expect(c).toEqual(ref.get(`${c.path} ${c.selector}`));
                  continue;
                }
                const plain = new Map<string, number>();
                for (const e of mine.events) {
                  if (e.type !== 'click' || e.clickKind !== 'click' || !inRange(e.ts, fromHour, toHour)) continue;
                  if ((f.path && e.path !== f.path) || (f.device && e.device !== f.device)) continue;
                  plain.set(`${e.path} ${e.selector}`, (plain.get(`${e.path} ${e.selector}`) ?? 0) + 1);
                }
                expect(body.totalGroups).toBe(plain.size);
                for (const c of body.clicks) {
                  const beside = frustration.get(`${c.path} ${c.selector}`);
                  expect(c).toEqual({
                    path: c.path,
                    selector: c.selector,
                    events: plain.get(`${c.path} ${c.selector}`),
                    clicks: plain.get(`${c.path} ${c.selector}`),
                    rage: beside?.rage ?? 0,
                    dead: beside?.dead ?? 0,
                    error: beside?.error ?? 0,
                  });
                }
              }
            },
          ),
          { numRuns: propertyRuns(30) },
        ),
      covered,
      12,
    );
    expect(covered(), JSON.stringify(served)).toBe(true);
  }, 240_000);
});
