import { randomUUID } from 'node:crypto';
import { type LoupeEventInput, MAX_TASK_NAME_LENGTH, SESSION_IDLE_MS } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, rows, shopSite } from './helpers/collect.js';
import { base, pageview, response } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Tasks through the real ingest path (/v1/collect → writer → task read model) and read back from
// GET /v1/metrics/tasks: the unhappy paths of the pairing (duplicates, retries, an outcome with no
// start, two starts), abandonment decided once by the server, a task across pages, the score after
// success against after failure, and the 400s of bad parameters.

const MIN = 60_000;
const task = (name: string, action: 'start' | 'success' | 'fail', over: Parameters<typeof base>[0] = {}) =>
  ({ ...base(over), type: 'task', name, action }) as LoupeEventInput;

describe('tasks', () => {
  let t: TestApp;
  let site: ReturnType<typeof shopSite>;
  beforeAll(async () => {
    t = await createTestApp();
    site = shopSite(t.app);
  });
  afterAll(() => t.close());

  const send = async (events: LoupeEventInput[]) => {
    const res = await collect(t.app, { key: site.publicKey, events });
    expect(res.statusCode, res.body).toBe(202);
    return res.json();
  };
  const read = async (qs = '') => {
    const res = await t.app.inject({
      url: `/v1/metrics/tasks?from=${new Date(Date.now() - 3 * 3_600_000).toISOString()}${qs}`,
      headers: { authorization: `Bearer ${site.secretKey}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const figures = async (name: string) => (await read(`&task=${name}`)).tasks[0];

  it('counts a run that starts on one page and succeeds on another of the same session, with its time', async () => {
    const now = Date.now();
    await send([task('checkout', 'start', { sessionId: 'a1', path: '/cart', ts: now - 5 * MIN })]);
    await send([pageview({ sessionId: 'a1', path: '/checkout', ts: now - 4 * MIN })]);
    await send([task('checkout', 'success', { sessionId: 'a1', path: '/thanks', ts: now - 2 * MIN })]);
    const f = await figures('checkout');
    expect(f).toMatchObject({ started: 1, succeeded: 1, failed: 0, abandoned: 0, inProgress: 0, successRate: 100 });
    expect(Math.abs(f.medianMs - 3 * MIN)).toBeLessThan(0.021 * 3 * MIN);
    // The run belongs to the page it started on.
    expect((await read('&task=checkout&path=/cart')).tasks[0].started).toBe(1);
    expect((await read('&task=checkout&path=/thanks')).tasks).toEqual([]);
  });

  it('stores a duplicated event once and a retried batch counts nothing twice', async () => {
    const now = Date.now();
    const start = task('dup', 'start', { sessionId: 'd1', ts: now - 3 * MIN });
    const done = task('dup', 'fail', { sessionId: 'd1', ts: now - 2 * MIN });
    expect(await send([start, start])).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await send([start, done])).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await send([start, done])).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(await figures('dup')).toMatchObject({ started: 1, succeeded: 0, failed: 1, abandoned: 0, successRate: 0 });
    expect(rows(t.app, "SELECT * FROM task_runs WHERE site_id = ? AND task = 'dup'", site.siteId)).toHaveLength(1);
  });

  it('ignores an outcome without a start, a second start while open, and a second outcome', async () => {
    const now = Date.now();
    await send([task('odd', 'success', { sessionId: 'o1', ts: now - 10 * MIN })]);
    expect(await read('&task=odd')).toMatchObject({ tasks: [] });
    await send([
      task('odd', 'start', { sessionId: 'o1', ts: now - 9 * MIN }),
      task('odd', 'start', { sessionId: 'o1', ts: now - 8 * MIN }),
    ]);
    await send([
      task('odd', 'success', { sessionId: 'o1', ts: now - 7 * MIN }),
      task('odd', 'fail', { sessionId: 'o1', ts: now - 6 * MIN }),
    ]);
    const f = await figures('odd');
    // Timed from the first start; the fail after the success closed nothing.
    expect(f).toMatchObject({ started: 1, succeeded: 1, failed: 0, abandoned: 0 });
    expect(Math.abs(f.medianMs - 2 * MIN)).toBeLessThan(0.021 * 2 * MIN);
  });

  it('pairs a batch whose events arrive out of order, and a retry after success starts a new run', async () => {
    const now = Date.now();
    await send([
      task('order', 'fail', { sessionId: 'r1', ts: now - 8 * MIN }),
      task('order', 'start', { sessionId: 'r1', ts: now - 9 * MIN }),
      task('order', 'start', { sessionId: 'r1', ts: now - 7 * MIN }),
      task('order', 'success', { sessionId: 'r1', ts: now - 6 * MIN }),
    ]);
    expect(await figures('order')).toMatchObject({ started: 2, succeeded: 1, failed: 1, successRate: 50 });
  });

  it('calls a run in progress while its session goes on and abandoned once it is over, counted once', async () => {
    const now = Date.now();
    // A live session: its last event is recent.
    await send([task('wait', 'start', { sessionId: 'w1', ts: now - 2 * MIN })]);
    // A session idle past the timeout: the page was closed without a word.
    await send([
      task('wait', 'start', { sessionId: 'w2', ts: now - SESSION_IDLE_MS - 5 * MIN }),
      pageview({ sessionId: 'w2', ts: now - SESSION_IDLE_MS - 4 * MIN }),
    ]);
    const f = await figures('wait');
    expect(f).toMatchObject({ started: 2, succeeded: 0, failed: 0, abandoned: 1, inProgress: 1, successRate: 0 });
    expect(f.series.reduce((n: number, p: { abandoned: number }) => n + p.abandoned, 0)).toBe(1);
    expect(f.series.reduce((n: number, p: { inProgress: number }) => n + p.inProgress, 0)).toBe(1);
    // The live run ends: no longer in progress, and the abandoned one stays abandoned.
    await send([task('wait', 'success', { sessionId: 'w1', ts: now - MIN })]);
    expect(await figures('wait')).toMatchObject({
      started: 2,
      succeeded: 1,
      abandoned: 1,
      inProgress: 0,
      successRate: 50,
    });
  });

  it('compares the answers given after a success with those given after a failure', async () => {
    const now = Date.now();
    await send([
      task('pay', 'start', { sessionId: 'p1', ts: now - 20 * MIN }),
      response(randomUUID(), 3, { sessionId: 'p1', ts: now - 19 * MIN }), // before any outcome: not counted
      task('pay', 'fail', { sessionId: 'p1', ts: now - 18 * MIN }),
      response(randomUUID(), 2, { sessionId: 'p1', ts: now - 17 * MIN }),
      task('pay', 'start', { sessionId: 'p2', ts: now - 16 * MIN }),
      task('pay', 'success', { sessionId: 'p2', ts: now - 15 * MIN }),
      response(randomUUID(), 10, { sessionId: 'p2', ts: now - 14 * MIN }),
      response(randomUUID(), 4, { sessionId: 'p2', ts: now - 13 * MIN, kind: 'csat' }),
      response(randomUUID(), 9, { sessionId: 'other', ts: now - 13 * MIN }), // another session: not counted
    ]);
    const f = await figures('pay');
    expect(f.scoreAfter).toEqual({
      success: {
        nps: { responses: 1, score: 100 },
        csat: { responses: 1, score: 100 },
        ces: { responses: 0, score: null },
      },
      fail: {
        nps: { responses: 1, score: -100 },
        csat: { responses: 0, score: null },
        ces: { responses: 0, score: null },
      },
    });
  });

  it('breaks a task down by device and stores its name scrubbed', async () => {
    const now = Date.now();
    await send([
      task('mail me at jo@example.com', 'start', { sessionId: 'g1', ts: now - 3 * MIN, device: 'mobile' }),
      task('mail me at jo@example.com', 'start', { sessionId: 'g2', ts: now - 3 * MIN, device: 'desktop' }),
      task('mail me at jo@example.com', 'success', { sessionId: 'g2', ts: now - 2 * MIN, device: 'desktop' }),
    ]);
    const body = await read('&groupBy=device');
    const f = body.tasks.find((x: { task: string }) => x.task.startsWith('mail me'));
    expect(f.task).toBe('mail me at [email]');
    expect(f.groups.map((g: { value: string; started: number }) => [g.value, g.started]).sort()).toEqual([
      ['desktop', 1],
      ['mobile', 1],
    ]);
    expect(JSON.stringify(rows(t.app, 'SELECT * FROM task_runs'))).not.toContain('jo@example.com');
  });

  it('rejects a task event with a bad name or action, and keeps the rest of the batch', async () => {
    const ok = task('fine', 'start', { sessionId: 'b1' });
    const body = await send([
      task('x'.repeat(MAX_TASK_NAME_LENGTH + 1), 'start'),
      task('', 'start'),
      { ...task('fine', 'start'), action: 'finish' } as unknown as LoupeEventInput,
      ok,
    ]);
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r: { index: number }) => r.index)).toEqual([0, 1, 2]);
  });

  it('narrows runs by the session’s traits and new vs returning; an unknown trait narrows to nothing', async () => {
    const now = Date.now();
    const pro = { sessionId: 'pro-1', visitorId: 'visitor-pro' };
    const free = { sessionId: 'free-1', visitorId: 'visitor-free' };
    // The pro visitor's earlier session makes pro-1 returning.
    await send([pageview({ sessionId: 'pro-0', visitorId: pro.visitorId, ts: now - 20 * MIN })]);
    await send([
      task('plan', 'start', { ...pro, ts: now - 5 * MIN }),
      task('plan', 'success', { ...pro, ts: now - 4 * MIN }),
      task('plan', 'start', { ...free, ts: now - 5 * MIN }),
      task('plan', 'fail', { ...free, ts: now - 4 * MIN }),
    ]);
    // Identified after their runs were counted: each session's runs move to its trait whole.
    const identify = (over: typeof pro, plan: string) =>
      ({
        ...base({ ...over, ts: now - 3 * MIN }),
        type: 'identify',
        customerId: `c-${plan}`,
        traits: { plan },
      }) as LoupeEventInput;
    await send([identify(pro, 'pro'), identify(free, 'free')]);
    expect((await read('&task=plan&trait.plan=pro')).tasks[0]).toMatchObject({ started: 1, succeeded: 1, failed: 0 });
    expect((await read('&task=plan&trait.plan=free')).tasks[0]).toMatchObject({ started: 1, succeeded: 0, failed: 1 });
    expect((await read('&task=plan&returning=true')).tasks[0]).toMatchObject({ started: 1, succeeded: 1 });
    expect((await read('&task=plan&returning=false')).tasks[0]).toMatchObject({ started: 1, failed: 1 });
    expect((await read('&task=plan&trait.plan=pro&returning=false')).tasks).toEqual([]);
    expect((await read('&task=plan&trait.nothing=x')).tasks).toEqual([]);
    const grouped = (await read('&task=plan&trait.plan=pro&groupBy=device')).tasks[0];
    expect(grouped.groups).toHaveLength(1);
    expect(grouped.medianMs).toBeGreaterThan(0);
  });

  it('under two traits finds the runs of a session identified before its first run and of one identified after, each in its own commit', async () => {
    const now = Date.now();
    const identify = (sessionId: string, ts: number) =>
      ({
        ...base({ sessionId, visitorId: `v-${sessionId}`, ts }),
        type: 'identify',
        customerId: `c-${sessionId}`,
        traits: { plan: 'team', seat: 'admin' },
      }) as LoupeEventInput;
    const run = (sessionId: string, ts: number, outcome: 'success' | 'fail') => [
      task('invite', 'start', { sessionId, visitorId: `v-${sessionId}`, ts }),
      task('invite', outcome, { sessionId, visitorId: `v-${sessionId}`, ts: ts + MIN }),
    ];
    // The traits first, the run in a later commit: the run marks the session's trait rows.
    await send([identify('before-1', now - 9 * MIN)]);
    await send(run('before-1', now - 8 * MIN, 'success'));
    // The run first, the traits in a later commit: the trait rows are stored marked.
    await send(run('after-1', now - 8 * MIN, 'fail'));
    await send([identify('after-1', now - 5 * MIN)]);
    // Two traits: read from the walk of a trait's rows of sessions with a run (audience-task-runs.ts).
    expect((await read('&task=invite&trait.plan=team&trait.seat=admin')).tasks[0]).toMatchObject({
      started: 2,
      succeeded: 1,
      failed: 1,
    });
    const marked = rows<{ session_id: string; tasks: number }>(
      t.app,
      "SELECT session_id, tasks FROM session_traits WHERE site_id = ? AND session_id IN ('before-1', 'after-1') ORDER BY session_id, key",
      site.siteId,
    ).map((r) => [r.session_id, Number(r.tasks)]);
    expect(marked).toEqual([
      ['after-1', 1],
      ['after-1', 1],
      ['before-1', 1],
      ['before-1', 1],
    ]);
  });

  it('answers an empty list for a task never seen', async () => {
    expect((await read('&task=never-seen')).tasks).toEqual([]);
  });

  it.each([
    ['&interval=fortnight', 'interval'],
    ['&groupBy=visitor', 'groupBy'],
    [`&task=${'x'.repeat(MAX_TASK_NAME_LENGTH + 1)}`, 'task'],
    ['&task=', 'task'],
    ['&path=checkout', 'path'],
    ['&device=fridge', 'device'],
    ['&bogus=1', 'bogus'],
    ['&trait.=pro', 'trait.'],
    [`&trait.plan=${'x'.repeat(300)}`, 'trait.plan'],
    ['&returning=maybe', 'returning'],
    ['&from=2024-01-01&to=2024-03-01&interval=hour', 'interval'],
  ])('%s → 400 problem+json naming %s', async (qs, name) => {
    const res = await t.app.inject({
      url: `/v1/metrics/tasks?tz=UTC${qs}`,
      headers: { authorization: `Bearer ${site.secretKey}` },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    expect(JSON.stringify(body)).toContain(name);
  });

  it('refuses the public key, and another site’s key reads only its own tasks', async () => {
    const pub = await t.app.inject({
      url: '/v1/metrics/tasks',
      headers: { authorization: `Bearer ${site.publicKey}` },
    });
    expect(pub.statusCode).toBe(403);
    expect(pub.headers['content-type']).toContain('application/problem+json');
    const other = shopSite(t.app);
    const res = await t.app.inject({
      url: '/v1/metrics/tasks',
      headers: { authorization: `Bearer ${other.secretKey}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().tasks).toEqual([]);
  });
});
