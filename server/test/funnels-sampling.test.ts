import type { LoupeEventInput } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillSampleLevels } from '../src/db/backfill-sample-levels.js';
import { MAX_SAMPLE_LEVEL, sessionSampleLevel } from '../src/lib/session-sample-level.js';
import { collect, rows, shopSite } from './helpers/collect.js';
import { base, pageview } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// GET /v1/funnels past LOUPE_FUNNEL_SAMPLE_THRESHOLD: a fixed, hash-chosen sample of the sessions,
// scaled and flagged; exact at or under the threshold, and whenever exact=true.

const THRESHOLD = 60;
const STEPS = '/a,/b,track:buy';
const T0 = Date.now() - 3 * 3_600_000;

/** Session i views /a, then /b when i is odd, then buys when i is also a multiple of 3. */
function sessionEvents(sessionId: string, i: number): LoupeEventInput[] {
  const out: LoupeEventInput[] = [pageview({ sessionId, ts: T0 + i, path: '/a' })];
  if (i % 2 === 1) out.push(pageview({ sessionId, ts: T0 + i + 1000, path: '/b' }));
  if (i % 2 === 1 && i % 3 === 0)
    out.push({ ...base({ sessionId, ts: T0 + i + 3000, path: '/b' }), type: 'track', name: 'buy' });
  return out;
}

/** The plain answer over the sessions kept: each session's step count, scaled by `scale`. */
function plain(ids: readonly number[], scale: number) {
  const entered = [ids.length, ids.filter((i) => i % 2 === 1).length, ids.filter((i) => i % 6 === 3).length];
  return entered.map((n, k) => ({
    entered: n * scale,
    converted: k < 2 ? entered[k + 1]! * scale : 0,
    dropOff: k < 2 ? (n - entered[k + 1]!) * scale : 0,
  }));
}

/** The sample level the threshold rule picks over these sessions (one reach of step 1 each). */
function expectedLevel(ids: readonly string[]): number {
  for (let level = 0; level < MAX_SAMPLE_LEVEL; level++) {
    if (ids.filter((id) => sessionSampleLevel(id) >= level).length <= THRESHOLD) return level;
  }
  return MAX_SAMPLE_LEVEL;
}

describe('ad-hoc funnels past the sampling threshold', () => {
  let t: TestApp;
  let big: ReturnType<typeof shopSite>;
  const ids = Array.from({ length: 300 }, (_, i) => `big-${i}`);
  const get = (url: string, key = big.secretKey) => t.app.inject({ url, headers: { authorization: `Bearer ${key}` } });

  async function ingest(site: ReturnType<typeof shopSite>, sessions: readonly string[]) {
    const events = sessions.flatMap((id, i) => sessionEvents(id, i));
    for (let i = 0; i < events.length; i += 100) {
      const res = await collect(t.app, { key: site.publicKey, events: events.slice(i, i + 100) });
      expect(res.statusCode, res.body).toBe(202);
      expect(res.json().rejected ?? []).toEqual([]);
    }
  }

  beforeAll(async () => {
    t = await createTestApp({ LOUPE_FUNNEL_SAMPLE_THRESHOLD: String(THRESHOLD) });
    big = shopSite(t.app);
    await ingest(big, ids);
  }, 60_000);
  afterAll(() => t.close());

  it('walks a fixed hash-chosen sample, scales its counts and says so', async () => {
    const level = expectedLevel(ids);
    expect(level).toBeGreaterThan(0);
    const res = await get(`/v1/funnels?steps=${STEPS}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const kept = ids.flatMap((id, i) => (sessionSampleLevel(id) >= level ? [i] : []));
    expect(body.sampled).toEqual({ rate: 2 ** -level, sessions: kept.length });
    expect(body.steps.map((s: object) => ({ ...s }))).toMatchObject(plain(kept, 2 ** level));
    // Rates are the sample's own, unscaled.
    expect(body.steps[0].conversionRate).toBe(Math.round((plain(kept, 1)[1]!.entered / kept.length) * 10_000) / 100);
    // The same sessions on every request: the answer does not flicker.
    expect((await get(`/v1/funnels?steps=${STEPS}`)).json()).toEqual(body);
    expect((await get(`/v1/funnels?steps=${STEPS}&exact=false`)).json()).toEqual(body);
  });

  it('exact=true walks every session', async () => {
    const res = await get(`/v1/funnels?steps=${STEPS}&exact=true`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.sampled).toBeUndefined();
    expect(body.steps).toMatchObject(
      plain(
        ids.map((_, i) => i),
        1,
      ),
    );
  });

  it('stays exact at the threshold and samples one session past it', async () => {
    const at = shopSite(t.app);
    const atIds = Array.from({ length: THRESHOLD }, (_, i) => `at-${i}`);
    await ingest(at, atIds);
    const exact = (await get(`/v1/funnels?steps=${STEPS}`, at.secretKey)).json();
    expect(exact.sampled).toBeUndefined();
    expect(exact.steps).toMatchObject(
      plain(
        atIds.map((_, i) => i),
        1,
      ),
    );

    // One more session, chosen in no sample, pushes the range past the threshold.
    const extra = Array.from({ length: 50 }, (_, i) => `over-${i}`).find((id) => sessionSampleLevel(id) === 0)!;
    await ingest(at, [extra]);
    const over = (await get(`/v1/funnels?steps=${STEPS}`, at.secretKey)).json();
    expect(over.sampled?.rate).toBe(2 ** -expectedLevel([...atIds, extra]));
    expect(over.sampled.rate).toBeLessThan(1);
  });

  it('refuses an exact that is not true or false, naming it', async () => {
    const res = await get(`/v1/funnels?steps=${STEPS}&exact=yes`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toContain('exact');
  });

  it('the backfill gives reaches stored before the column their session’s level', () => {
    const sqlite = t.app.db.$client;
    sqlite.prepare('UPDATE session_reaches SET sample_level = 0').run();
    sqlite.prepare("DELETE FROM settings WHERE key = 'backfill.session_reaches.sample_level'").run();
    backfillSampleLevels(t.app.db);
    const stored = rows<{ session_id: string; sample_level: number }>(
      t.app,
      'SELECT session_id, sample_level FROM session_reaches WHERE site_id = ?',
      big.siteId,
    );
    expect(stored.length).toBeGreaterThan(ids.length);
    expect(stored.filter((r) => r.sample_level > 0).length).toBeGreaterThan(ids.length / 4);
    for (const r of stored) expect(r.sample_level, r.session_id).toBe(sessionSampleLevel(r.session_id));
  });
});
