import type { AnswerSample, AudienceSample, PeopleSample } from '@loupe/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '@loupe/scripts/testing';
import { figure, logIn, openPage, shot } from './support/dashboard-page.js';
import { type DashboardServer, OWNER, startDashboardServer } from './support/dashboard-server.js';

// An audience the counts do not key (two traits) on a server that walks at most a few sessions per
// request: every view whose route then answers from a sample of the audience's sessions says so in
// words, with the rate the API gave, and shows no count of visitors (a sample of sessions has none);
// a route that also read a sample of the audience's answers says that in a note of its own, and the
// retention table that it read a sample of people.
// The threshold, 40 (the seed's pro answers of 30 days number about 57, their sessions about 80),
// is low enough that every route samples and high enough that its sample of answers holds some of
// the audience's: at 8, a sample of the rarest trait's seven or so answers missed the audience's
// half of them in a few runs of a hundred (answers are drawn by a hash of their random id).
// Screenshots in test-artifacts/dashboard-sampled-*.png.

const AUDIENCE = 'trait.plan=pro&trait.customerType=business';

let d: DashboardServer;
let browser: Browser;

beforeAll(async () => {
  [d, browser] = await Promise.all([
    startDashboardServer({ env: { LOUPE_FUNNEL_SAMPLE_THRESHOLD: '40' } }),
    launchChromium(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await d?.dispose();
});

/** The URL of the first answer of `route` the page reads once `act` runs. */
async function urlOf(page: Page, route: string, act: () => Promise<unknown>): Promise<string> {
  const [res] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === route && r.status() === 200),
    act(),
  ]);
  const url = new URL(res.url());
  return `${url.pathname}${url.search}`;
}

/** The note `scope` shows, checked against the sample the API gave for the same URL. */
async function expectNote(
  page: Page,
  scope: string,
  sampled: AudienceSample | AnswerSample | PeopleSample | undefined,
): Promise<void> {
  expect(sampled, `${scope}: the API sampled`).toBeDefined();
  const of = 'answers' in sampled! ? 'answers' : 'people' in sampled! ? 'people' : 'sessions';
  const note = page.locator(`${scope} [data-sampled][data-sample-of="${of}"]`).first();
  await note.waitFor();
  expect(Number(await note.getAttribute('data-sampled'))).toBe(sampled!.rate);
  expect(await note.textContent()).toMatch(
    {
      answers: /^Estimated from a .+ sample of this audience’s answers .*margins are the sample’s.*exact=true/,
      people: /^Estimated from a .+ sample of this audience’s people .*with all their visits.*exact=true/,
      sessions: /^The figures from sessions are estimated from a .+ sample of this audience’s sessions.*exact=true/,
    }[of],
  );
}

describe('views under an audience the API answers from a sample', () => {
  it('the overview, its graph, breakdown and pages say so, and show no visitors', async () => {
    const p = await openPage(browser);
    const at = `/app/?site=${d.site.siteId}&${AUDIENCE}`;
    const overviewUrl = await urlOf(p.page, '/v1/metrics/overview', () => logIn(p.page, d.server.url, OWNER, at));
    const overview = await d.api<{
      sampled?: AudienceSample;
      answersSampled?: AnswerSample;
      sessions: { value: number };
      responses: { value: number };
    }>(overviewUrl);
    expect(overview.sessions.value).toBeGreaterThan(0);
    expect(overview.responses.value).toBeGreaterThan(0);
    await expectNote(p.page, '.overview', overview.sampled);
    await expectNote(p.page, '.overview', overview.answersSampled);
    expect(await figure(p.page, 'visitors')).toBeNull();

    const series = await d.api<{ sampled?: AudienceSample }>(
      overviewUrl.replace('/v1/metrics/overview', '/v1/metrics/timeseries'),
    );
    await expectNote(p.page, '#main-graph', series.sampled);
    // The graph draws sessions by default (visitors have no figure under a sample) ...
    await p.page.locator('#main-graph h2', { hasText: 'Sessions over time' }).waitFor();
    expect(await p.page.locator('#main-graph .panel-empty').count()).toBe(0);
    const breakdown = await d.api<{ sampled?: AudienceSample; rows: { visitors: number | null }[] }>(
      `${overviewUrl.replace('/v1/metrics/overview', '/v1/metrics/breakdown')}&by=device&limit=10`,
    );
    expect(breakdown.rows.length).toBeGreaterThan(0);
    expect(breakdown.rows.every((r) => r.visitors === null)).toBe(true);
    await expectNote(p.page, '#breakdown', breakdown.sampled);
    // The visitors column shows none rather than the sessions under it.
    const visitorCells = await p.page
      .locator('#breakdown table tbody tr td:nth-child(2)')
      .evaluateAll((els) => els.map((e) => e.textContent));
    expect(visitorCells.length).toBeGreaterThan(0);
    expect(visitorCells.every((c) => c === '—')).toBe(true);
    const pages = await d.api<{ sampled?: AudienceSample }>(
      `${overviewUrl.replace('/v1/metrics/overview', '/v1/metrics/pages')}&limit=10`,
    );
    await expectNote(p.page, '#top-pages', pages.sampled);
    await shot(p.page, 'sampled-overview');
    // ... and says why there is nothing to draw when visitors are asked for.
    await p.page.goto(`${d.server.url}/app/?site=${d.site.siteId}&${AUDIENCE}&metric=visitors`);
    const none = p.page.locator('#main-graph .panel-empty');
    await none.waitFor();
    expect(await none.textContent()).toContain('a sample does not tell how many distinct visitors');
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });

  it('the error rate and the clicks say so too', async () => {
    const p = await openPage(browser);
    const at = `/app/errors?site=${d.site.siteId}&${AUDIENCE}`;
    const rateUrl = await urlOf(p.page, '/v1/metrics/error-rate', () => logIn(p.page, d.server.url, OWNER, at));
    const rate = await d.api<{ sampled?: AudienceSample; total: { sessions: number } }>(rateUrl);
    expect(rate.total.sessions).toBeGreaterThan(0);
    await expectNote(p.page, '#error-rate', rate.sampled);
    await shot(p.page, 'sampled-errors');

    const clicksUrl = await urlOf(p.page, '/v1/clicks', () =>
      p.page.goto(`${d.server.url}/app/clicks?site=${d.site.siteId}&${AUDIENCE}`),
    );
    const clicks = await d.api<{ sampled?: AudienceSample; clicks: unknown[] }>(clicksUrl);
    // Said whether or not the sample held such clicks: none found in a sample is an estimate too.
    await expectNote(p.page, '#clicks', clicks.sampled);
    if (clicks.clicks.length === 0) await p.page.locator('#clicks .state-empty').waitFor();
    await shot(p.page, 'sampled-clicks');
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });

  it('the retention table says it read a sample of people', async () => {
    const p = await openPage(browser);
    const at = `/app/retention?site=${d.site.siteId}&${AUDIENCE}`;
    const url = await urlOf(p.page, '/v1/metrics/retention', () => logIn(p.page, d.server.url, OWNER, at));
    const answer = await d.api<{ sampled?: PeopleSample; cohorts: { visitors: number }[] }>(url);
    // Said whether or not the sample held a visitor: the people drawn at this threshold are a few of
    // the seed's random ids, and cohorts found empty in a sample are an estimate too.
    await expectNote(p.page, '#retention', answer.sampled);
    if (answer.cohorts.some((c) => c.visitors > 0)) await p.page.locator('#retention table.cohort-table').waitFor();
    else await p.page.locator('#retention .state-empty').waitFor();
    await shot(p.page, 'sampled-retention');
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });

  it('the scores, friction, journeys and touchpoints say they read a sample of answers', async () => {
    const p = await openPage(browser);
    const at = `/app/scores?site=${d.site.siteId}&${AUDIENCE}`;
    const scoresUrl = await urlOf(p.page, '/v1/metrics/scores', () => logIn(p.page, d.server.url, OWNER, at));
    const scores = await d.api<{ sampled?: AnswerSample; total: { responses: number } }>(scoresUrl);
    expect(scores.total.responses).toBeGreaterThan(0);
    await expectNote(p.page, '.scores', scores.sampled);
    for (const [route, scope] of [
      ['/v1/insights/friction', '#friction'],
      ['/v1/insights/journeys', '#journeys'],
      ['/v1/insights/touchpoints', '#touchpoints'],
    ] as const) {
      // The view's own request for the route, asked again: the same URL gives the same sample.
      await p.page.waitForFunction(
        (path) => performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname === path),
        route,
      );
      const url = await p.page.evaluate(
        (path) =>
          performance
            .getEntriesByType('resource')
            .map((e) => new URL(e.name))
            .filter((u) => u.pathname === path)
            .map((u) => `${u.pathname}${u.search}`)
            .at(-1),
        route,
      );
      expect(url, route).toBeDefined();
      const answer = await d.api<{ sampled?: AnswerSample }>(url!);
      await expectNote(p.page, scope, answer.sampled);
    }
    await shot(p.page, 'sampled-scores');
    expect(p.problems).toEqual([]);
    await p.page.context().close();
  });
});
