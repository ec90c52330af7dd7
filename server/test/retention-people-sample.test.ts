import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { MAX_SAMPLE_LEVEL, sessionSampleLevel } from '../src/lib/session-sample-level.js';
import { desktopEvent } from './helpers/desktop-event.js';
import { ingestDataset } from './helpers/ingest-dataset.js';
import { loadRaw, percent } from './helpers/reference/raw-rows.js';
import { localDateOffset } from './helpers/reference/reference-range.js';
import { refRetention } from './helpers/reference/reference-retention.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The retention table of an audience the cohort counts do not key (two traits), past the server's
// threshold (LOUPE_FUNNEL_SAMPLE_THRESHOLD): read from the fixed sample of people (visitors at a
// person level or deeper, a hash of the visitor id) the threshold picks, every count scaled by
// 2^level, every rate the sample's own, said in `sampled`; held here against the plain computation
// over the raw rows of that same sample of people, with all their sessions. exact=true reads them all.

const THRESHOLD = 30;
const VISITORS = 240;
const DAY = 86_400_000;
const NOW = Date.now();
const START = NOW - 60 * DAY;
const AUDIENCE = 'trait.plan=pro&trait.seat=one';

/** Visitor j: 1–4 sessions over eight weeks, on the pro plan in most, one seat (the rarer trait) for a third of them. */
function visitorEvents(j: number) {
  const visitorId = `rv-${j}`;
  return Array.from({ length: 1 + (j % 4) }, (_, k) => {
    const sessionId = `rs-${j}-${k}`;
    const ts = START + ((j * 3 + k * 11) % 55) * DAY + j * 60_000;
    const ev = (at: number, rest: Record<string, unknown>) => desktopEvent({ sessionId, visitorId, ts: at }, rest);
    const plan = (j + k) % 5 === 0 ? 'free' : 'pro';
    const seat = j % 3 === 0 ? 'one' : 'many';
    const session = [
      ev(ts, { type: 'pageview' }),
      ev(ts + 1000, { type: 'identify', customerId: `c-${j}`, traits: { plan, seat } }),
    ];
    if ((j + k) % 4 === 0) session.push(ev(ts + 2000, { type: 'track', name: 'buy' }));
    return { session, traits: { plan, seat }, level: sessionSampleLevel(visitorId) };
  });
}

const sessions = Array.from({ length: VISITORS }, (_, j) => visitorEvents(j)).flat();

/** The lowest level whose share of the rarer trait's sessions holds at most the threshold (each session one trait row). */
function expectedLevel(): number {
  const rows = (level: number) =>
    Math.min(
      ...(['plan', 'seat'] as const).map(
        (key) => sessions.filter((s) => s.traits[key] === (key === 'plan' ? 'pro' : 'one') && s.level >= level).length,
      ),
    );
  for (let level = 0; level < MAX_SAMPLE_LEVEL; level++) if (rows(level) <= THRESHOLD) return level;
  return MAX_SAMPLE_LEVEL;
}

interface Answer {
  from: string;
  to: string;
  sampled?: { rate: number; people: number };
  cohorts: {
    cohort: string;
    visitors: number;
    converters: number;
    repeatConverters: number;
    repeatConversionRate: number | null;
    periods: { period: string; visitors: number; rate: number | null; converters: number }[];
  }[];
}

describe('retention under two traits, past the sampling threshold: a fixed sample of people', () => {
  let t: TestApp;
  let site: ReturnType<typeof createSite>;
  const from = localDateOffset(START, -7, 'UTC');
  const get = async (query: string): Promise<Answer> => {
    const res = await t.app.inject({
      url: `/v1/metrics/retention?interval=week&from=${from}&${query}`,
      headers: { authorization: `Bearer ${site.secretKey}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Answer;
  };
  /** The answer the plain computation gives for the people at `level` or deeper, scaled by 2^level. */
  const reference = (level: number) => {
    const inSample = (id: string) => sessionSampleLevel(id) >= level;
    return refRetention(
      loadRaw(t.app, site.siteId),
      'UTC',
      'week',
      {},
      { by: 'visitor', plan: 'pro', seat: 'one' },
      inSample,
    );
  };
  const expectTable = (body: Answer, level: number) => {
    const ref = reference(level);
    const scale = 2 ** level;
    let people = 0;
    for (const c of body.cohorts) {
      const cohortVisitors = ref.cells.get(`${c.cohort} ${c.cohort}`)?.v ?? 0;
      const r = ref.cohorts.get(c.cohort) ?? { ever: 0, repeat: 0 };
      people += cohortVisitors;
      expect([c.cohort, c.visitors, c.converters, c.repeatConverters, c.repeatConversionRate]).toEqual([
        c.cohort,
        cohortVisitors * scale,
        r.ever * scale,
        r.repeat * scale,
        percent(r.repeat, cohortVisitors),
      ]);
      for (const p of c.periods) {
        const cell = ref.cells.get(`${c.cohort} ${p.period}`) ?? { v: 0, c: 0 };
        expect([p.period, p.visitors, p.converters, p.rate]).toEqual([
          p.period,
          cell.v * scale,
          cell.c * scale,
          percent(cell.v, cohortVisitors),
        ]);
      }
    }
    return people;
  };

  beforeAll(async () => {
    t = await createTestApp({ LOUPE_FUNNEL_SAMPLE_THRESHOLD: String(THRESHOLD) });
    site = createSite(t.app.db, { name: 'Shop', origins: [], timeZone: 'UTC' });
    ingestDataset(
      t.app,
      site.siteId,
      sessions.flatMap((s) => s.session),
      50,
    );
  }, 60_000);
  afterAll(() => t.close());

  const level = expectedLevel();

  it('picks a level, and its sample holds some of the audience’s people but not all', async () => {
    expect(level).toBeGreaterThan(0);
    const all = expectTable(await get(`${AUDIENCE}&exact=true`), 0);
    const some = [...reference(level).cells.entries()].filter(([k]) => k.split(' ')[0] === k.split(' ')[1]);
    const sampled = some.reduce((n, [, c]) => n + c.v, 0);
    expect(sampled).toBeGreaterThan(3);
    expect(sampled).toBeLessThan(all);
  });

  it('answers from that sample of people, scaled, with the sample’s own rates, and says so', async () => {
    const body = await get(AUDIENCE);
    const people = expectTable(body, level);
    expect(body.sampled).toEqual({ rate: 2 ** -level, people });
    // The same people on every request; exact=false is the default.
    expect(await get(`${AUDIENCE}&exact=false`)).toEqual(body);
  });

  it('exact=true reads every person of the audience', async () => {
    const body = await get(`${AUDIENCE}&exact=true`);
    expect(body.sampled).toBeUndefined();
    expect(expectTable(body, 0)).toBeGreaterThan(0);
  });

  it('customers and one trait are still counted exactly', async () => {
    expect((await get(`${AUDIENCE}&by=customer`)).sampled).toBeUndefined();
    expect((await get('trait.seat=one')).sampled).toBeUndefined();
  });
});
