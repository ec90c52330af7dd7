import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS, hourOf } from '../src/lib/hour-bucket.js';
import { collect, rows, shopSite } from './helpers/collect.js';
import { click, engagement, pageview, response } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('sessions, responses and rollups written with the events', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A fresh site per test, so sums are the test's own. */
  function site() {
    const s = shopSite(t.app);
    const send = async (...events: object[]) => {
      const res = await collect(t.app, { key: s.publicKey, events });
      expect(res.statusCode).toBe(202);
      return res.json() as { accepted: number; duplicates: number };
    };
    const sum = (table: string, col: string) =>
      Number(
        rows<{ n: number | string }>(
          t.app,
          `SELECT coalesce(sum(${col}), 0) AS n FROM ${table} WHERE site_id = ?`,
          s.siteId,
        )[0]!.n,
      );
    const session = (id = 'sess-1') =>
      rows<Record<string, unknown>>(
        t.app,
        'SELECT * FROM sessions WHERE site_id = ? AND session_id = ?',
        s.siteId,
        id,
      )[0];
    return { ...s, send, sum, session };
  }

  it('counts a bounced visit, then turns it engaged and multi-page as later batches arrive', async () => {
    const s = site();
    const t0 = hourOf(Date.now() - HOUR_MS) + 60_000;
    await s.send(pageview({ ts: t0, path: '/' }), engagement(5000, 40, { ts: t0 + 5000, path: '/' }));
    expect(s.session()).toMatchObject({
      pageviews: 1,
      engaged_ms: 5000,
      engaged: 0,
      entry_path: '/',
      hour: hourOf(t0),
    });
    expect(s.sum('session_rollups', 'sessions')).toBe(1);
    expect(s.sum('session_rollups', 'engaged_sessions')).toBe(0);

    await s.send(engagement(6000, 80, { ts: t0 + 11_000, path: '/' }));
    expect(s.session()).toMatchObject({ engaged_ms: 11_000, engaged: 1 });
    expect(s.sum('session_rollups', 'engaged_sessions')).toBe(1);

    // A page view in the next hour: counted in that hour's page rollup, but the session stays in
    // its first hour and under its entry page.
    await s.send(pageview({ ts: t0 + HOUR_MS, path: '/pricing' }));
    expect(s.session()).toMatchObject({ pageviews: 2, exit_path: '/pricing', entry_path: '/' });
    expect(
      rows(
        t.app,
        'SELECT hour, entry_path, sessions, engaged_sessions, multi_page_sessions, pageviews, engaged_ms FROM session_rollups WHERE site_id = ?',
        s.siteId,
      ),
    ).toEqual([
      {
        hour: hourOf(t0),
        entry_path: '/',
        sessions: 1,
        engaged_sessions: 1,
        multi_page_sessions: 1,
        pageviews: 2,
        engaged_ms: 11_000,
      },
    ]);
    expect(
      rows(t.app, 'SELECT hour, path, pageviews, sessions FROM page_rollups WHERE site_id = ? ORDER BY hour', s.siteId),
    ).toEqual([
      { hour: hourOf(t0), path: '/', pageviews: 1, sessions: 1 },
      { hour: hourOf(t0) + HOUR_MS, path: '/pricing', pageviews: 1, sessions: 1 },
    ]);
  });

  it('averages scroll depth over visits using each visit’s deepest scroll', async () => {
    const s = site();
    await s.send(pageview(), engagement(3000, 40), engagement(3000, 80), engagement(3000, 60));
    await s.send(pageview({ sessionId: 'sess-2' }), engagement(3000, 50, { sessionId: 'sess-2' }));
    await s.send(pageview()); // the first visitor reloads: one more view, not one more visit
    expect(s.sum('page_rollups', 'scroll_sum')).toBe(130);
    expect(s.sum('page_rollups', 'sessions')).toBe(2);
    expect(s.sum('page_rollups', 'pageviews')).toBe(3);
    expect(s.sum('page_rollups', 'engaged_ms')).toBe(12_000);
  });

  it('records frustration per session, page and element', async () => {
    const s = site();
    await s.send(pageview(), click('click'), click('rage'), click('dead'));
    expect(s.session()).toMatchObject({ rage_clicks: 1, dead_clicks: 1, frustrated: 1 });
    expect(s.sum('session_rollups', 'frustrated_sessions')).toBe(1);
    expect(s.sum('page_rollups', 'rage_clicks')).toBe(1);
    expect(s.sum('page_rollups', 'clicks')).toBe(1);
    expect(
      rows(
        t.app,
        "SELECT kind, events, clicks FROM click_rollups WHERE site_id = ? AND selector = '#checkout' ORDER BY kind",
        s.siteId,
      ),
    ).toEqual([
      { kind: 'click', events: 1, clicks: 1 },
      { kind: 'dead', events: 1, clicks: 1 },
      { kind: 'rage', events: 1, clicks: 4 },
    ]);
  });

  it('never counts a retried event twice in any table', async () => {
    const s = site();
    const batch = [
      pageview(),
      engagement(12_000, 70),
      click('rage'),
      response(crypto.randomUUID(), 10, { comment: 'great' }),
    ];
    expect(await s.send(...batch)).toEqual({ accepted: 4, duplicates: 0, rejected: [] });
    const snapshot = () =>
      [
        'page_rollups',
        'session_rollups',
        'click_rollups',
        'score_rollups',
        'sessions',
        'session_pages',
        'responses',
      ].map((tb) => rows(t.app, `SELECT * FROM ${tb} WHERE site_id = ?`, s.siteId));
    const before = snapshot();
    expect(await s.send(...batch)).toMatchObject({ accepted: 0, duplicates: 4 });
    expect(snapshot()).toEqual(before);
  });

  it('keeps one response per display: a later comment merges, a changed score moves the rollup', async () => {
    const s = site();
    const displayId = crypto.randomUUID();
    const t0 = Date.now() - 60_000;
    await s.send(pageview(), response(displayId, 6, { ts: t0 }));
    await s.send(response(displayId, 6, { ts: t0 + 5000, comment: 'Checkout kept failing' }));
    const stored = () =>
      rows(t.app, 'SELECT score, comment, created_at, updated_at FROM responses WHERE site_id = ?', s.siteId);
    expect(stored()).toEqual([{ score: 6, comment: 'Checkout kept failing', created_at: t0, updated_at: t0 + 5000 }]);
    const scores = () =>
      rows(
        t.app,
        'SELECT score, responses, comments FROM score_rollups WHERE site_id = ? AND responses + comments != 0 ORDER BY score',
        s.siteId,
      );
    expect(scores()).toEqual([{ score: 6, responses: 1, comments: 1 }]);

    await s.send(response(displayId, 9, { ts: t0 + 9000 }));
    expect(scores()).toEqual([{ score: 9, responses: 1, comments: 1 }]);
    // A late-delivered older event neither changes the score nor adds a response.
    await s.send(response(displayId, 2, { ts: t0 + 1000 }));
    expect(stored()).toEqual([{ score: 9, comment: 'Checkout kept failing', created_at: t0, updated_at: t0 + 9000 }]);
    expect(scores()).toEqual([{ score: 9, responses: 1, comments: 1 }]);
    expect(s.session()).toMatchObject({ responses: 1, engaged: 1 });
    expect(s.sum('session_rollups', 'responded_sessions')).toBe(1);
  });

  it('counts prompt displays and dismissals for response rates', async () => {
    const s = site();
    const d = crypto.randomUUID();
    const ref = { promptId: 'prompt-1', displayId: d };
    await s.send({ ...pageview(), type: 'prompt_shown', ...ref }, { ...pageview(), type: 'prompt_dismissed', ...ref });
    expect(rows(t.app, 'SELECT prompt_id, shown, dismissed FROM prompt_rollups WHERE site_id = ?', s.siteId)).toEqual([
      { prompt_id: 'prompt-1', shown: 1, dismissed: 1 },
    ]);
  });
});
