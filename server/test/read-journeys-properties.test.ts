import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { identifyArb, withIdentifies } from './helpers/identify-calls.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { clampScore, type Dataset, datasetArb, datasetEvents, sessionArb } from './helpers/random-dataset.js';
import { type Band, bandOf, type Kind, refJourneys } from './helpers/reference/reference-journeys.js';
import { hourOf, inSegment, loadRaw, percent } from './helpers/reference/raw-rows.js';
import { refRetention } from './helpers/reference/reference-retention.js';
import { localDateOffset, refRangeHours } from './helpers/reference/reference-range.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { propertyRuns } from './helpers/property-runs.js';
import { untilCovered } from './helpers/until-covered.js';

// The journeys, touchpoints and retention cohorts equal plain computations over the raw rows, for
// random datasets around DST changes, in zones with whole-hour offsets and in Asia/Kolkata.

const ZONES = ['UTC', 'America/New_York', 'Europe/Copenhagen', 'Asia/Kolkata'] as const;
const SEGMENTS = [{}, { device: 'mobile' }, { browser: 'safari' }, { language: 'de', device: 'desktop' }] as const;

/** The random dataset spread over about eleven weeks around its DST change. */
const monthsArb = fc.record({
  anchor: datasetArb.map((d) => d.anchor),
  sessions: fc.array(
    sessionArb.map((x) => ({ ...x, offsetMin: x.offsetMin * 12 })),
    { minLength: 1, maxLength: 10 },
  ),
});

describe('journeys, touchpoints and retention cohorts against a reference computation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const get = async (url: string, key: string) => {
    const res = await t.app.inject({ url, headers: { authorization: `Bearer ${key}` } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  /**
   * The band rollups (what an unfiltered read sums) hold, at every grain, the journey rollups with
   * each score folded to its band: the same counts however the commits fell.
   */
  const bandsMatch = (siteId: string) => {
    const db = t.app.db.$client;
    for (const grain of ['', '_daily', '_monthly']) {
      const rows = (table: string, band: string, sums: string) =>
        db
          .prepare(
            `SELECT kind, depth, ${band} AS band, hour, journey, ${sums} FROM ${table}${grain} WHERE site_id = ? ` +
              'GROUP BY 1, 2, 3, 4, 5 HAVING sum(responses) <> 0 ORDER BY 1, 2, 3, 4, 5',
          )
          .raw()
          .all(siteId);
      const banded = rows(
        'journey_rollups',
        "CASE WHEN score <= (CASE kind WHEN 'nps' THEN 6 WHEN 'csat' THEN 2 ELSE 3 END) THEN 'detractor' " +
          "WHEN score <= (CASE kind WHEN 'nps' THEN 8 WHEN 'csat' THEN 3 ELSE 4 END) THEN 'passive' ELSE 'promoter' END",
        'sum(responses), sum(responses * score)',
      );
      expect(
        rows('journey_band_rollups', 'band', 'sum(responses), sum(score_sum)'),
        `journey_band_rollups${grain}`,
      ).toEqual(banded);
    }
  };

  const journeysMatch = async (
    dataset: Dataset,
    tz: (typeof ZONES)[number],
    kind: Kind,
    segment: Band,
    compareTo: Band | undefined,
    depth: number,
    filters: (typeof SEGMENTS)[number],
    fromOff: number,
    span: number,
    batch: number,
  ) => {
    const site = createSite(t.app.db, { name: 'p', origins: [] });
    const prompts = createDatasetPrompts(t.app, site.siteId);
    ingestDataset(t.app, site.siteId, datasetEvents(dataset, prompts), batch);
    bandsMatch(site.siteId);
    const from = localDateOffset(dataset.anchor, fromOff, tz);
    const to = localDateOffset(dataset.anchor, fromOff + span, tz);
    const qs = new URLSearchParams({
      kind,
      segment,
      depth: String(depth),
      tz,
      from,
      to,
      limit: '100',
      ...(compareTo ? { compareTo } : {}),
      ...filters,
    });
    const body = await get(`/v1/insights/journeys?${qs}`, site.secretKey);
    const { fromHour, toHour } = refRangeHours(from, to, tz);
    const against = compareTo ?? (segment === 'promoter' ? 'detractor' : 'promoter');
    const ref = refJourneys(
      loadRaw(t.app, site.siteId),
      { kind, segment, compareTo: against, depth, fromHour, toHour },
      filters,
    );
    expect(body.compareTo).toBe(against);
    expect(body.totals).toEqual(ref.totals);
    const byKey = (xs: { steps: string[] }[]) =>
      [...xs].map(({ steps, ...x }) => ({ key: steps.join(' '), ...x })).sort((a, b) => (a.key < b.key ? -1 : 1));
    const got = byKey(body.journeys.map(({ lift: _lift, ...j }: { lift: number | null }) => j));
    expect(got).toEqual(byKey(ref.journeys));
    // Most common first.
    const counts = body.journeys.map((j: { responses: number }) => j.responses);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    return body.journeys.length as number;
  };
  const journeyQuestion = (
    dataset: fc.Arbitrary<Dataset>,
    fromOff: fc.Arbitrary<number>,
    span: fc.Arbitrary<number>,
    depth = fc.integer({ min: 1, max: 5 }),
    segments: fc.Arbitrary<(typeof SEGMENTS)[number]> = fc.constantFrom(...SEGMENTS),
  ) =>
    [
      dataset,
      fc.constantFrom(...ZONES),
      fc.constantFrom<Kind>('nps', 'csat', 'ces'),
      fc.constantFrom<Band>('detractor', 'passive', 'promoter'),
      fc.option(fc.constantFrom<Band>('detractor', 'passive', 'promoter'), { nil: undefined }),
      depth,
      segments,
      fromOff,
      span,
      // Commits of one event to many: an answer's journey and score move between rows across commits.
      fc.integer({ min: 1, max: 40 }),
    ] as const;

  it('GET /v1/insights/journeys matches for random data, zones, bands, depths and segments', async () => {
    await fc.assert(
      fc.asyncProperty(
        ...journeyQuestion(datasetArb, fc.integer({ min: -4, max: 1 }), fc.integer({ min: 0, max: 6 })),
        async (...args) => {
          await journeysMatch(...args);
        },
      ),
      { numRuns: propertyRuns(30) },
    );
  }, 120_000);

  // Everyone's journeys (no segment filter: the band rollups) over the whole dataset, at the depths
  // most answers reach, so most runs compare journeys rather than two empty lists.
  // The kind and band asked for are those of one of the dataset's answers (its final score): with
  // a kind and band drawn blind, a run of 20 (server-pg) could compare only empty lists.
  const answeredBand = (dataset: Dataset): fc.Arbitrary<readonly [Kind, Band]> => {
    const asked = dataset.sessions.flatMap((s) =>
      s.steps.flatMap(({ what: x }) =>
        x.type === 'response'
          ? [[x.kind, bandOf(x.kind, clampScore(x.kind, x.followUp?.newScore ?? x.score))] as const]
          : [],
      ),
    );
    return asked.length
      ? fc.constantFrom(...asked)
      : fc.tuple(
          fc.constantFrom<Kind>('nps', 'csat', 'ces'),
          fc.constantFrom<Band>('detractor', 'passive', 'promoter'),
        );
  };
  it('GET /v1/insights/journeys matches without a segment filter, over all the data (band rollups)', async () => {
    let withJourneys = 0;
    const question = fc
      .tuple(
        ...journeyQuestion(
          datasetArb,
          fc.constant(-4),
          fc.constant(9),
          fc.integer({ min: 1, max: 2 }),
          fc.constant(SEGMENTS[0]),
        ),
      )
      .chain((args) =>
        answeredBand(args[0]).map(([kind, band]) => {
          const asked: typeof args = [...args];
          asked[2] = kind;
          asked[3] = band;
          return asked;
        }),
      );
    await fc.assert(
      fc.asyncProperty(question, async (args) => {
        withJourneys += (await journeysMatch(...args)) > 0 ? 1 : 0;
      }),
      { numRuns: propertyRuns(40) },
    );
    expect(withJourneys).toBeGreaterThan(0);
  }, 120_000);

  // Sessions over the months around a DST change and ranges of weeks to two months: whole UTC months
  // and days are read from the journey rollups' monthly and daily tiers, less or plus edge hours.
  it('GET /v1/insights/journeys matches over ranges that span months (month and day tiers)', async () => {
    await fc.assert(
      fc.asyncProperty(
        ...journeyQuestion(monthsArb, fc.integer({ min: -45, max: 5 }), fc.integer({ min: 14, max: 60 })),
        async (...args) => {
          await journeysMatch(...args);
        },
      ),
      { numRuns: propertyRuns(25) },
    );
  }, 300_000);

  it('GET /v1/insights/touchpoints matches per page and per page group', async () => {
    await fc.assert(
      fc.asyncProperty(
        datasetArb,
        fc.constantFrom(...ZONES),
        fc.constantFrom<Kind>('nps', 'csat', 'ces'),
        fc.constantFrom(...SEGMENTS),
        fc.boolean(),
        async (dataset, tz, kind, filters, withGroups) => {
          const site = createSite(t.app.db, { name: 'p', origins: [] });
          const prompts = createDatasetPrompts(t.app, site.siteId);
          ingestDataset(t.app, site.siteId, datasetEvents(dataset, prompts));
          const auth = { authorization: `Bearer ${site.secretKey}` };
          if (withGroups) {
            for (const payload of [
              { name: 'Buying', match: 'wildcard', pattern: '/c*' },
              { name: 'Checkout only', match: 'exact', pattern: '/checkout' },
            ]) {
              const res = await t.app.inject({ method: 'POST', url: '/v1/page-groups', headers: auth, payload });
              expect(res.statusCode, res.body).toBe(201);
            }
          }
          const from = localDateOffset(dataset.anchor, -4, tz);
          const to = localDateOffset(dataset.anchor, 4, tz);
          const qs = new URLSearchParams({ kind, tz, from, to, limit: '200', ...filters });
          const body = await get(`/v1/insights/touchpoints?${qs}`, site.secretKey);
          const { fromHour, toHour } = refRangeHours(from, to, tz);
          const raw = loadRaw(t.app, site.siteId);
          const answers = raw.responses.filter(
            (r) =>
              r.kind === kind &&
              inSegment(r, filters) &&
              hourOf(r.createdAt) >= fromHour &&
              hourOf(r.createdAt) < toHour,
          );
          const tally = (rs: typeof answers) => ({
            responses: rs.length,
            promoters: rs.filter((r) => bandOf(kind, r.score) === 'promoter').length,
            detractors: rs.filter((r) => bandOf(kind, r.score) === 'detractor').length,
          });
          // '/checkout' and '/cart' both start with /c: the first group takes them, the second none.
          const grouped = (p: string) => withGroups && p.startsWith('/c');
          const pages = [...new Set(answers.map((r) => r.path))].filter((p) => !grouped(p)).sort();
          const gotPages = [...body.pages].sort((a, b) => (a.path < b.path ? -1 : 1));
          expect(gotPages.map((p: { path: string }) => p.path)).toEqual(pages);
          for (const p of gotPages) {
            const { responses, promoters, detractors } = p;
            expect({ responses, promoters, detractors }).toEqual(tally(answers.filter((r) => r.path === p.path)));
          }
          if (withGroups) {
            const [buying, checkout] = body.groups;
            const inGroup = answers.filter((r) => grouped(r.path));
            expect({ responses: buying.responses, promoters: buying.promoters, detractors: buying.detractors }).toEqual(
              tally(inGroup),
            );
            expect(buying.pages).toBe(new Set(inGroup.map((r) => r.path)).size);
            expect(checkout.responses).toBe(0);
          } else {
            expect(body.groups).toEqual([]);
          }
        },
      ),
      { numRuns: propertyRuns(25) },
    );
  }, 120_000);

  it('GET /v1/metrics/retention matches for visitors and customers, audiences, and sessions stored in any order', async () => {
    const AUDIENCES = [
      {},
      { plan: 'pro' },
      { returning: true },
      { returning: false },
      { plan: 'free', returning: true },
      { plan: 'pro', returning: false },
      // Two traits: the people of the sessions of one, probed for the other.
      { plan: 'pro', seat: 'one' },
      { plan: 'free', seat: 'many', returning: true },
    ];
    // Answers under one trait for visitors (the counts kept at ingest) with people in them, and
    // under two traits (the people read from the sessions).
    let traitCohorts = 0;
    let twoTraitCohorts = 0;
    const batch = () =>
      fc.assert(
        fc.asyncProperty(
          datasetArb,
          identifyArb,
          fc.constantFrom(...ZONES),
          fc.constantFrom<'week' | 'month'>('week', 'month'),
          fc.constantFrom(...SEGMENTS),
          fc.constantFrom<'visitor' | 'customer'>('visitor', 'customer'),
          fc.constantFrom<{ plan?: string; seat?: string; returning?: boolean }>(...AUDIENCES),
          fc.boolean(),
          // Small batches: an identify call and the session's goals land in different commits.
          fc.constantFrom(2, 25),
          async (dataset, calls, tz, interval, filters, by, audience, reverseSessions, batch) => {
            // Whether a session is returning is decided when it is first stored, so in arrival order.
            const reverse = reverseSessions && audience.returning === undefined;
            const site = createSite(t.app.db, { name: 'p', origins: [], timeZone: tz });
            const prompts = createDatasetPrompts(t.app, site.siteId);
            const events = withIdentifies(datasetEvents(dataset, prompts), calls);
            // Whole sessions, each in its own order, last visits first: a person's earlier first
            // session arriving late moves them to an earlier cohort, with what was counted so far.
            const bySession = new Map<string, typeof events>();
            for (const e of events) bySession.set(e.event.sessionId, [...(bySession.get(e.event.sessionId) ?? []), e]);
            const ordered = reverse ? [...bySession.values()].reverse().flat() : events;
            for (const [, session] of reverse ? [...bySession].reverse() : [[null, ordered] as const]) {
              ingestDataset(t.app, site.siteId, session, batch);
            }
            const from = localDateOffset(dataset.anchor, -40, tz);
            const to = localDateOffset(dataset.anchor, 10, tz);
            const qs = new URLSearchParams({ interval, from, to, by, ...filters });
            if (audience.plan !== undefined) qs.set('trait.plan', audience.plan);
            if (audience.seat !== undefined) qs.set('trait.seat', audience.seat);
            if (audience.returning !== undefined) qs.set('returning', String(audience.returning));
            const body = await get(`/v1/metrics/retention?${qs}`, site.secretKey);
            const ref = refRetention(loadRaw(t.app, site.siteId), tz, interval, filters, { by, ...audience });
            expect(body.timeZone).toBe(tz);
            expect(body.by).toBe(by);
            for (const c of body.cohorts) {
              const r = ref.cohorts.get(c.cohort) ?? { ever: 0, repeat: 0 };
              expect({ cohort: c.cohort, ever: c.converters, repeat: c.repeatConverters }).toEqual({
                cohort: c.cohort,
                ...r,
              });
              expect(c.visitors).toBe(ref.cells.get(`${c.cohort} ${c.cohort}`)?.v ?? 0);
              for (const p of c.periods) {
                const cell = ref.cells.get(`${c.cohort} ${p.period}`) ?? { v: 0, c: 0 };
                expect({ period: p.period, visitors: p.visitors, converters: p.converters }).toEqual({
                  period: p.period,
                  visitors: cell.v,
                  converters: cell.c,
                });
                expect(p.rate).toBe(percent(p.visitors, c.visitors));
              }
            }
            // Every cohort of the reference inside the range is in the answer.
            const listed = new Set(body.cohorts.map((c: { cohort: string }) => c.cohort));
            for (const cohort of ref.cohorts.keys())
              if (cohort >= body.from && cohort <= body.to) expect(listed).toContain(cohort);
            if (
              by === 'visitor' &&
              audience.plan !== undefined &&
              body.cohorts.some((c: { visitors: number }) => c.visitors > 0)
            )
              traitCohorts += 1;
            if (audience.seat !== undefined && body.cohorts.some((c: { visitors: number }) => c.visitors > 0))
              twoTraitCohorts += 1;
          },
        ),
        { numRuns: propertyRuns(30) },
      );
    await untilCovered(batch, () => traitCohorts > 0 && twoTraitCohorts > 0);
    expect(traitCohorts).toBeGreaterThan(0);
    expect(twoTraitCohorts).toBeGreaterThan(0);
  }, 240_000);
});
