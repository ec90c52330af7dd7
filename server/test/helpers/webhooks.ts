import { expect } from 'vitest';
import { rows, type shopSite } from './collect.js';
import type { TestApp } from './test-app.js';

// What the webhook tests share: a short retry schedule, a wait for a marker, making an endpoint
// and reading its attempts.

/** A short retry schedule (buildApp's test-only option) that keeps delivery tests fast. */
export const FAST = { retryScheduleMs: [0, ...Array<number>(40).fill(20)], jitter: 0, pollMs: 10, timeoutMs: 400 };

export type Site = ReturnType<typeof shopSite>;

/** Resolves with read()'s first defined value; every wait is for a marker, never for time. */
export async function until<T>(read: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Creates a webhook endpoint through the API with the site's secret key. */
export async function addHook(t: TestApp, site: Site, url: string, events = ['response.created']) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/webhooks',
    headers: { authorization: `Bearer ${site.secretKey}` },
    payload: { url, events },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; secret: string }>();
}

/** Every delivery attempt for an endpoint, oldest first. */
export const attemptsOf = (t: TestApp, hookId: string) =>
  rows<{ attempt: number; status_code: number | null; error: string | null; at: number; seq: number }>(
    t.app,
    'SELECT a.attempt, a.status_code, a.error, a.at, d.seq FROM webhook_attempts a JOIN webhook_deliveries d ON d.seq = a.delivery_seq WHERE d.webhook_id = ? ORDER BY a.at, a.attempt',
    hookId,
  );

/** Deletes a webhook endpoint through the API (the end of a test that made one). */
export const removeHook = (t: TestApp, site: Site, id: string) =>
  t.app.inject({ method: 'DELETE', url: `/v1/webhooks/${id}`, headers: { authorization: `Bearer ${site.secretKey}` } });
