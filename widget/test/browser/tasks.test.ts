import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ofType, type Scenario, startScenario } from '../support/scenario.js';

declare const window: Window & { loupe: (...a: unknown[]) => unknown };

describe("loupe('task', …) (real Chromium, real server)", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await startScenario();
  }, 60_000);
  afterAll(async () => s?.close());

  it('a task started on one page and finished on another of the session is read back as one run', {
    timeout: 60_000,
  }, async () => {
    const { page, until, marker, problems } = await s.open('plain');
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    await page.evaluate(() => window.loupe('task', '  checkout  ', 'start'));
    // Bad input: dropped without a throw into the page (and never breaks the batch it would be in).
    const thrown = await page.evaluate(() => {
      const hostile = {
        toString: () => 'x',
        toJSON: () => {
          throw new Error('no');
        },
      };
      try {
        window.loupe('task', hostile, 'start');
        window.loupe('task', 'checkout', 'finish');
        window.loupe('task', '   ', 'start');
        window.loupe('task', 42, 'success');
        window.loupe('task');
        return 'none';
      } catch (err) {
        return String(err);
      }
    });
    expect(thrown).toBe('none');
    await until((e) => ofType(e, 'task').length === 1, 'the start');
    // The next page of the same session finishes the task (the session id lives in the browser).
    await page.goto(`${s.fixtures.origin}/plain?step=2`);
    await until((e) => ofType(e, 'pageview').length === 2, 'the second page view');
    await page.evaluate(() => window.loupe('task', 'checkout', 'success'));
    const events = await marker();
    const tasks = ofType(events, 'task');
    expect(tasks.map((e) => [e.payload.name, e.payload.action])).toEqual([
      ['checkout', 'start'],
      ['checkout', 'success'],
    ]);
    expect(new Set(tasks.map((e) => e.sessionId)).size).toBe(1);
    expect(problems).toEqual([]);

    const res = await fetch(`${s.server.url}/v1/metrics/tasks?task=checkout`, {
      headers: { authorization: `Bearer ${s.site.secretKey}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { tasks: { started: number; succeeded: number; medianMs: number | null }[] };
    expect(body.tasks).toHaveLength(1);
    expect(body.tasks[0]).toMatchObject({ started: 1, succeeded: 1 });
    expect(body.tasks[0]!.medianMs).toBeGreaterThanOrEqual(0);
  });

  it('a name is scrubbed in the browser before it leaves', { timeout: 60_000 }, async () => {
    const { page, until, collects } = await s.open('plain');
    await until((e) => ofType(e, 'pageview').length === 1, 'the page view');
    await page.evaluate(() => window.loupe('task', 'refund for jane@example.com', 'fail'));
    const events = await until((e) => ofType(e, 'task').length === 1, 'the task');
    expect(ofType(events, 'task')[0]!.payload.name).toBe('refund for [email]');
    expect(JSON.stringify(collects.map((c) => c.body))).not.toContain('jane@example.com');
  });
});
