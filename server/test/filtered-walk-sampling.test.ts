import type { LoupeEventInput } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SAMPLE_LEVEL, sessionSampleLevel } from '../src/lib/session-sample-level.js';
import { collectAll, shopSite } from './helpers/collect.js';
import { base, pageview } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The walks that answer a question the counts kept at ingest cannot (a filter or an audience):
// a saved funnel's and goal conversion's by page or device. Past LOUPE_FUNNEL_SAMPLE_THRESHOLD they
// walk the ad-hoc funnel's fixed sample, scaled and flagged; exact=true walks every session.

const THRESHOLD = 60;
const STEPS = '/a,/b,track:buy';
const T0 = Date.now() - 3 * 3_600_000;
const N = 300;

/** Session i views /a, then /b when i is odd, then buys when i is also a multiple of 3. */
function sessionEvents(sessionId: string, i: number): LoupeEventInput[] {
  const out: LoupeEventInput[] = [pageview({ sessionId, ts: T0 + i, path: '/a' })];
  if (i % 2 === 1) out.push(pageview({ sessionId, ts: T0 + i + 1000, path: '/b' }));
  if (i % 6 === 3) out.push({ ...base({ sessionId, ts: T0 + i + 3000, path: '/b' }), type: 'track', name: 'buy' });
  return out;
}

/** Session i's first reaches (one per page or goal it reached). */
const reachesOf = (i: number) => 1 + (i % 2) + (i % 6 === 3 ? 1 : 0);

/** The level the threshold rule picks when the walk counts `weight(i)` first reaches for session i. */
function expectedLevel(ids: readonly string[], weight: (i: number) => number): number {
  for (let level = 0; level < MAX_SAMPLE_LEVEL; level++) {
    let n = 0;
    ids.forEach((id, i) => {
      if (sessionSampleLevel(id) >= level) n += weight(i);
    });
    if (n <= THRESHOLD) return level;
  }
  return MAX_SAMPLE_LEVEL;
}

/** Conversion to `buy` per page over the sessions `kept`, scaled: what by=page&goal=buy answers. */
function plainByPage(kept: readonly number[], scale: number) {
  const row = (value: string, s: readonly number[]) => {
    const converted = s.filter((i) => i % 6 === 3).length;
    return {
      value,
      sessions: s.length * scale,
      converted: converted * scale,
      conversionRate: Math.round((converted / s.length) * 10_000) / 100,
    };
  };
  return [
    row('/a', kept),
    row(
      '/b',
      kept.filter((i) => i % 2 === 1),
    ),
  ];
}

describe('walks under a filter past the sampling threshold', () => {
  let t: TestApp;
  let site: ReturnType<typeof shopSite>;
  let savedId: string;
  const ids = Array.from({ length: N }, (_, i) => `walk-${i}`);
  const all = ids.map((_, i) => i);
  const get = (url: string) => t.app.inject({ url, headers: { authorization: `Bearer ${site.secretKey}` } });
  const ok = async (url: string) => {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await createTestApp({ LOUPE_FUNNEL_SAMPLE_THRESHOLD: String(THRESHOLD) });
    site = shopSite(t.app);
    const events = ids.flatMap((id, i) => sessionEvents(id, i));
    await collectAll(t.app, site.publicKey, events);
    const saved = await t.app.inject({
      method: 'POST',
      url: '/v1/funnels/saved',
      headers: { authorization: `Bearer ${site.secretKey}` },
      payload: { name: 'abc', steps: STEPS.split(',') },
    });
    expect(saved.statusCode, saved.body).toBe(201);
    savedId = saved.json().id;
  }, 60_000);
  afterAll(() => t.close());

  it('a saved funnel under a filter answers as the ad-hoc funnel does: sampled, the same numbers', async () => {
    const level = expectedLevel(ids, () => 1);
    expect(level).toBeGreaterThan(0);
    const kept = all.filter((i) => sessionSampleLevel(ids[i]!) >= level);
    for (const filter of ['path=%2Fa', 'returning=false']) {
      const adHoc = await ok(`/v1/funnels?steps=${STEPS}&${filter}`);
      const saved = await ok(`/v1/funnels/saved/${savedId}?${filter}`);
      expect(saved.sampled).toEqual({ rate: 2 ** -level, sessions: kept.length });
      expect(saved.answeredFrom).toBe('sessions');
      const { funnel: _funnel, answeredFrom: _from, ...answer } = saved;
      expect(answer).toEqual(adHoc);
      expect(saved.steps[0]).toMatchObject({ entered: kept.length * 2 ** level });
    }
  });

  it('a saved funnel under a filter with exact=true walks every session; without a filter it reads its counts', async () => {
    const exact = await ok(`/v1/funnels/saved/${savedId}?path=%2Fa&exact=true`);
    expect(exact.sampled).toBeUndefined();
    expect(exact.steps.map((s: { entered: number }) => s.entered)).toEqual([N, N / 2, N / 6]);
    expect(exact).toEqual({
      ...(await ok(`/v1/funnels/saved/${savedId}?returning=false&exact=true`)),
      range: exact.range,
    });
    const counts = await ok(`/v1/funnels/saved/${savedId}`);
    expect(counts.sampled).toBeUndefined();
    expect(counts.steps.map((s: { entered: number }) => s.entered)).toEqual([N, N / 2, N / 6]);
  });

  it('goal conversion by page under a path or audience filter walks the sample, scaled and flagged', async () => {
    const level = expectedLevel(ids, reachesOf);
    expect(level).toBeGreaterThan(0);
    const kept = all.filter((i) => sessionSampleLevel(ids[i]!) >= level);
    for (const filter of ['path=%2Fa', 'returning=false']) {
      const body = await ok(`/v1/metrics/conversion?by=page&goal=buy&${filter}`);
      expect(body.sampled).toEqual({ rate: 2 ** -level, sessions: kept.length });
      expect(body.rows).toEqual(plainByPage(kept, 2 ** level));
      expect(body.totalValues).toBe(2);
      // The same sessions on every request.
      expect(await ok(`/v1/metrics/conversion?by=page&goal=buy&${filter}&exact=false`)).toEqual(body);
    }
    const device = await ok('/v1/metrics/conversion?by=device&goal=buy&returning=false');
    expect(device.sampled).toEqual({ rate: 2 ** -level, sessions: kept.length });
    expect(device.rows).toEqual([{ ...plainByPage(kept, 2 ** level)[0]!, value: 'desktop' }]);
  });

  it('goal conversion with exact=true, or without a filter, is exact', async () => {
    expect(await ok('/v1/metrics/conversion?by=page&goal=buy&path=%2Fa&exact=true')).toMatchObject({
      rows: plainByPage(all, 1),
    });
    for (const url of [
      '/v1/metrics/conversion?by=page&goal=buy&path=%2Fa&exact=true',
      '/v1/metrics/conversion?by=page&goal=buy',
    ]) {
      const body = await ok(url);
      expect(body.sampled, url).toBeUndefined();
      expect(body.rows, url).toEqual(plainByPage(all, 1));
    }
  });

  it('refuses an exact that is not true or false, naming it', async () => {
    for (const url of [`/v1/funnels/saved/${savedId}?exact=yes`, '/v1/metrics/conversion?by=page&exact=1']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toContain('exact');
    }
  });
});
