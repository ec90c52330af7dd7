import type { LoupeEventInput } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engagementBucket, medianFromBuckets } from '../src/lib/engagement-histogram.js';
import { MAX_SAMPLE_LEVEL, sessionSampleLevel } from '../src/lib/session-sample-level.js';
import { collectAll, shopSite } from './helpers/collect.js';
import { click, engagement, jsError, pageview } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The error rate, engagement and clicks under an audience the counts do not key (two traits):
// past LOUPE_FUNNEL_SAMPLE_THRESHOLD sessions of its rarest trait they walk a fixed sample of its
// sessions (sessionSampleLevel(id) ≥ level), counts scaled by 2^level and flagged in `sampled`;
// exact=true walks every session. Each answer equals the plain computation over the same sample.

const THRESHOLD = 40;
const N = 320;
const T0 = Date.now() - 3 * 3_600_000;
const AUDIENCE = 'trait.plan=pro&trait.seat=one';

/** Session i: pro unless i % 5 = 0, seat one when i is odd (the rarer trait, so the walk's lead). */
const isPro = (i: number) => i % 5 !== 0;
const isOne = (i: number) => i % 2 === 1;
/** Its figures: a JS error on /a when i % 3 = 0; a view of /b when i % 4 = 1; engaged 1 s + 37 ms × i. */
const hasError = (i: number) => i % 3 === 0;
const seesB = (i: number) => i % 4 === 1;
const engagedMs = (i: number) => 1000 + 37 * i;
/** Ordinary clicks on /a's #checkout: one, two when i % 7 < 3. */
const clicksOf = (i: number) => (i % 7 < 3 ? 2 : 1);

function sessionEvents(sessionId: string, i: number): LoupeEventInput[] {
  const at = T0 + i * 10;
  const out: LoupeEventInput[] = [pageview({ sessionId, ts: at, path: '/a' })];
  out.push({
    ...pageview({ sessionId, ts: at + 1, path: '/a' }),
    type: 'identify',
    customerId: `c-${i}`,
    traits: { plan: isPro(i) ? 'pro' : 'free', seat: isOne(i) ? 'one' : 'many' },
  } as LoupeEventInput);
  for (let k = 0; k < clicksOf(i); k++) out.push(click('click', { sessionId, ts: at + 2 + k, path: '/a' }));
  if (hasError(i)) out.push(jsError('boom', undefined, { sessionId, ts: at + 5, path: '/a' }));
  out.push(engagement(engagedMs(i), 50, { sessionId, ts: at + 6, path: '/a' }));
  if (seesB(i)) out.push(pageview({ sessionId, ts: at + 7, path: '/b' }));
  return out;
}

describe('error rate, engagement and clicks under two traits past the sampling threshold', () => {
  let t: TestApp;
  let site: ReturnType<typeof shopSite>;
  const ids = Array.from({ length: N }, (_, i) => `rates-${i}`);
  const audience = ids.map((_, i) => i).filter((i) => isPro(i) && isOne(i));
  const get = (url: string) => t.app.inject({ url, headers: { authorization: `Bearer ${site.secretKey}` } });
  const ok = async (url: string) => {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  /** The level the walk takes: the lowest whose sample of the rarer trait's sessions holds at most the threshold. */
  const level = (() => {
    const one = ids.filter((_, i) => isOne(i));
    for (let l = 0; l < MAX_SAMPLE_LEVEL; l++)
      if (one.filter((id) => sessionSampleLevel(id) >= l).length <= THRESHOLD) return l;
    return MAX_SAMPLE_LEVEL;
  })();
  const sample = audience.filter((i) => sessionSampleLevel(ids[i]!) >= level);
  const scale = 2 ** level;
  const sampled = { rate: 2 ** -level, sessions: sample.length };

  const rate = (errors: number, sessions: number) =>
    sessions === 0 ? null : Math.round((errors / sessions) * 10_000) / 100;
  const errorFigures = (kept: readonly number[], s: number) => {
    const errors = kept.filter(hasError).length;
    return { sessions: kept.length * s, errorSessions: errors * s, errorRate: rate(errors, kept.length) };
  };
  /** By page: /a's visits are the sessions (the error is met there), /b's those that saw it (no error). */
  const errorByPage = (kept: readonly number[], s: number) => [
    { key: '/a', ...errorFigures(kept, s) },
    { key: '/b', ...errorFigures(kept.filter(seesB), s), errorSessions: 0, errorRate: 0 },
  ];
  const engagementFigures = (kept: readonly number[], s: number) => {
    const buckets = new Map<number, number>();
    for (const i of kept)
      buckets.set(engagementBucket(engagedMs(i)), (buckets.get(engagementBucket(engagedMs(i))) ?? 0) + 1);
    const ms = kept.reduce((sum, i) => sum + engagedMs(i), 0);
    return {
      sessions: kept.length * s,
      meanMs: Math.round(ms / kept.length),
      medianMs: medianFromBuckets(buckets),
    };
  };
  const plainClicks = (kept: readonly number[], s: number) => {
    const events = kept.reduce((sum, i) => sum + clicksOf(i), 0) * s;
    return [{ path: '/a', selector: '#checkout', events, clicks: events, rage: 0, dead: 0, error: 0 }];
  };

  beforeAll(async () => {
    t = await createTestApp({ LOUPE_FUNNEL_SAMPLE_THRESHOLD: String(THRESHOLD) });
    site = shopSite(t.app);
    const events = ids.flatMap((id, i) => sessionEvents(id, i));
    await collectAll(t.app, site.publicKey, events);
  }, 60_000);
  afterAll(() => t.close());

  it('the sample is a real one: some of the audience, not all', () => {
    expect(level).toBeGreaterThan(0);
    expect(sample.length).toBeGreaterThan(0);
    expect(sample.length).toBeLessThan(audience.length);
  });

  it('error rate: the sample’s sessions and visits, scaled, flagged', async () => {
    const total = await ok(`/v1/metrics/error-rate?${AUDIENCE}`);
    expect(total.sampled).toEqual(sampled);
    expect(total.total).toEqual(errorFigures(sample, scale));
    const byPage = await ok(`/v1/metrics/error-rate?by=page&${AUDIENCE}`);
    expect(byPage.sampled).toEqual(sampled);
    expect(byPage.total).toEqual(errorFigures(sample, scale));
    expect(byPage.groups).toEqual(errorByPage(sample, scale));
    const page = await ok(`/v1/metrics/error-rate?path=%2Fb&${AUDIENCE}`);
    expect(page.sampled).toEqual(sampled);
    expect(page.total).toEqual({ ...errorFigures(sample.filter(seesB), scale), errorSessions: 0, errorRate: 0 });
    // The same sessions on every request.
    expect(await ok(`/v1/metrics/error-rate?by=page&${AUDIENCE}&exact=false`)).toEqual(byPage);
  });

  it('engagement: the sample’s sessions scaled, its mean and median its own', async () => {
    const body = await ok(`/v1/metrics/engagement?${AUDIENCE}`);
    expect(body.sampled).toEqual(sampled);
    expect(body.total).toEqual(engagementFigures(sample, scale));
  });

  it('clicks: the sample’s clicks, scaled, flagged', async () => {
    const body = await ok(`/v1/clicks?kind=click&${AUDIENCE}`);
    expect(body.sampled).toEqual(sampled);
    expect(body.clicks).toEqual(plainClicks(sample, scale));
    expect(body.totalGroups).toBe(1);
  });

  it('exact=true walks every session of the audience: no sample', async () => {
    const errors = await ok(`/v1/metrics/error-rate?by=page&${AUDIENCE}&exact=true`);
    expect(errors.sampled).toBeUndefined();
    expect(errors.total).toEqual(errorFigures(audience, 1));
    expect(errors.groups).toEqual(errorByPage(audience, 1));
    const engaged = await ok(`/v1/metrics/engagement?${AUDIENCE}&exact=true`);
    expect(engaged.sampled).toBeUndefined();
    expect(engaged.total).toEqual(engagementFigures(audience, 1));
    const clicks = await ok(`/v1/clicks?kind=click&${AUDIENCE}&exact=true`);
    expect(clicks.sampled).toBeUndefined();
    expect(clicks.clicks).toEqual(plainClicks(audience, 1));
  });

  it('an audience the counts key (one trait) is exact, never sampled', async () => {
    const one = ids.map((_, i) => i).filter(isOne);
    const errors = await ok('/v1/metrics/error-rate?trait.seat=one');
    expect(errors.sampled).toBeUndefined();
    expect(errors.total).toEqual(errorFigures(one, 1));
    const clicks = await ok('/v1/clicks?kind=click&trait.seat=one');
    expect(clicks.sampled).toBeUndefined();
    expect(clicks.clicks).toEqual(plainClicks(one, 1));
  });

  it('a trait no session has: an empty answer, not an error', async () => {
    const errors = await ok('/v1/metrics/error-rate?trait.plan=pro&trait.seat=none');
    expect(errors.sampled).toBeUndefined();
    expect(errors.total).toEqual({ sessions: 0, errorSessions: 0, errorRate: null });
    const clicks = await ok('/v1/clicks?kind=click&trait.plan=pro&trait.seat=none');
    expect(clicks.clicks).toEqual([]);
  });

  it('refuses an exact that is not true or false, naming it', async () => {
    for (const url of [
      `/v1/metrics/error-rate?${AUDIENCE}&exact=maybe`,
      `/v1/metrics/engagement?${AUDIENCE}&exact=1`,
      `/v1/clicks?${AUDIENCE}&exact=yes`,
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toContain('exact');
    }
  });
});
