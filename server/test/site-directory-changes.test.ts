import type { SiteWithSecret } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeOrigin } from '../src/features/sites/sites-store.js';
import { ADMIN } from './helpers/accounts.js';
import { collect } from './helpers/collect.js';
import { pageview } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The caches of stored state, through the app on SQLite: every change to a site made through the
// API takes effect at once, because the route publishes it on the change feed and the ingest path's
// site directory drops its snapshot; a change written past the feed (the site CLI, another process)
// within the feed's safety TTL. Each case first makes the directory hold the old state.

let t: TestApp;

// Building the app migrates a fresh database: seconds on a loaded machine.
beforeAll(async () => {
  t = await createTestApp({ LOUPE_ADMIN_TOKEN: ADMIN });
}, 60_000);
afterAll(() => t.close());

const admin = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${ADMIN}` }, ...(payload ? { payload } : {}) });

async function newSite(name: string, origins: string[]): Promise<SiteWithSecret> {
  const res = await admin('POST', '/v1/sites', { name, origins });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<SiteWithSecret>();
}

/** The CORS decision, made before the body is read: the origin reflected, or undefined. */
async function corsAllows(origin: string): Promise<string | undefined> {
  const res = await t.app.inject({
    method: 'OPTIONS',
    url: '/v1/collect',
    headers: { origin, 'access-control-request-method': 'POST' },
  });
  return res.headers['access-control-allow-origin'] as string | undefined;
}

const send = (key: string, origin: string) => collect(t.app, { key, events: [pageview()] }, { origin });

describe('the site directory hears of every change to a site', () => {
  it('refuses a removed origin at once, in the CORS decision and in the handler', async () => {
    const [gone, kept] = ['https://removed.example', 'https://kept.example'];
    const site = await newSite('Removed origin', [gone, kept]);
    expect((await send(site.publicKey, gone)).statusCode).toBe(202);
    expect(await corsAllows(gone)).toBe(gone);

    expect((await admin('DELETE', `/v1/sites/${site.siteId}/origins`, { origin: gone })).statusCode).toBe(200);
    expect(await corsAllows(gone)).toBeUndefined();
    const refused = await send(site.publicKey, gone);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('origin_not_allowed');
    expect((await send(site.publicKey, kept)).statusCode).toBe(202);
  });

  it('refuses an origin at once when a new list (PATCH) leaves it out', async () => {
    const [dropped, kept] = ['https://dropped.example', 'https://stays.example'];
    const site = await newSite('Replaced origins', [dropped, kept]);
    expect((await send(site.publicKey, dropped)).statusCode).toBe(202);
    expect(await corsAllows(dropped)).toBe(dropped);

    expect((await admin('PATCH', `/v1/sites/${site.siteId}`, { origins: [kept] })).statusCode).toBe(200);
    expect(await corsAllows(dropped)).toBeUndefined();
    expect((await send(site.publicKey, dropped)).statusCode).toBe(403);
  });

  it('allows at once an origin that the CORS decision refused before it was added', async () => {
    const later = 'https://added-later.example';
    const site = await newSite('Added origin', ['https://first.example']);
    // Refused and remembered as refused (the directory's negative cache).
    expect(await corsAllows(later)).toBeUndefined();
    expect(await corsAllows(later)).toBeUndefined();

    expect((await admin('POST', `/v1/sites/${site.siteId}/origins`, { origin: later })).statusCode).toBe(200);
    expect(await corsAllows(later)).toBe(later);
    expect((await send(site.publicKey, later)).statusCode).toBe(202);
  });

  it("refuses a deleted site's public key at once", async () => {
    const origin = 'https://deleted.example';
    const site = await newSite('Deleted', [origin]);
    expect((await send(site.publicKey, origin)).statusCode).toBe(202);
    expect(await corsAllows(origin)).toBe(origin);

    expect((await admin('DELETE', `/v1/sites/${site.siteId}`, { confirmName: 'Deleted' })).statusCode).toBe(200);
    const refused = await send(site.publicKey, origin);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('unknown_site_key');
    expect(await corsAllows(origin)).toBeUndefined();
  });

  it('refuses a rotated secret key at once (keys are looked up on every request, never cached)', async () => {
    const site = await newSite('Rotated', ['https://rotated.example']);
    const asKey = (key: string) =>
      t.app.inject({ method: 'GET', url: '/v1/site', headers: { authorization: `Bearer ${key}` } });
    expect((await asKey(site.secretKey)).statusCode).toBe(200);

    const rotated = await admin('POST', `/v1/sites/${site.siteId}/rotate-secret`);
    expect(rotated.statusCode).toBe(200);
    expect((await asKey(site.secretKey)).statusCode).toBe(401);
    expect((await asKey(rotated.json<SiteWithSecret>().secretKey)).statusCode).toBe(200);
  });

  it('sees a change written past the feed (the site CLI) once the safety TTL has passed', async () => {
    const origin = 'https://cli-removed.example';
    const site = await newSite('CLI', [origin]);
    expect((await send(site.publicKey, origin)).statusCode).toBe(202);
    expect(await corsAllows(origin)).toBe(origin);

    // Straight into the store, as `npm run site` does from its own process: nothing is published.
    removeOrigin(t.app.db, site.siteId, origin, 'admin token');
    // The marker: the feed's next "drop everything", which the directory hears too.
    await new Promise<void>((resolve) => {
      const stop = t.app.changes.subscribe('sites', (siteId) => {
        if (siteId !== undefined) return;
        stop();
        resolve();
      });
    });
    expect(await corsAllows(origin)).toBeUndefined();
    expect((await send(site.publicKey, origin)).statusCode).toBe(403);
  });
});
