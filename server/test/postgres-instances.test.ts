import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite, rotateSecret } from '../src/features/sites/sites-store.js';
import { collect } from './helpers/collect.js';
import { pageview } from './helpers/events.js';
import { startPostgres, type PostgresServer } from './helpers/postgres-server.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Two instances of the server on one PostgreSQL database, as an operator runs them behind a load
// balancer: what one changes, the other sees.

let server: PostgresServer;
let a: TestApp;
let b: TestApp;

beforeAll(async () => {
  server = await startPostgres();
  a = await createTestApp({}, { postgresUrl: server.url });
  b = await createTestApp({}, { postgresUrl: server.url });
}, 120_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await server?.stop();
});

/** Resolves when `t`'s change feed delivers a change of `siteId` (not a safety-TTL drop-all). */
function heard(t: TestApp, siteId: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = t.app.changes.subscribe('sites', (changed) => {
      if (changed !== siteId) return;
      stop();
      resolve();
    });
  });
}

describe('two instances on one PostgreSQL', () => {
  it("an origin removed on one is refused by the other's cached site directory once the change feed tells it", async () => {
    const [gone, kept] = ['https://removed.example', 'https://kept.example'];
    const site = createSite(a.app.db, { name: 'Shop', origins: [gone, kept] });
    const send = (origin: string) => collect(b.app, { key: site.publicKey, events: [pageview()] }, { origin });
    // B's directory now holds the site with both origins.
    expect((await send(gone)).statusCode).toBe(202);

    const told = heard(b, site.siteId);
    // What DELETE /v1/sites/:id/origins does on A: the change (its audit entry aside), then the publish.
    a.app.db.$client.prepare('UPDATE sites SET origins = ? WHERE id = ?').run(JSON.stringify([kept]), site.siteId);
    await a.app.changes.publish({ topic: 'sites', siteId: site.siteId });
    await told;
    const refused = await send(gone);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('origin_not_allowed');
    expect((await send(kept)).statusCode).toBe(202);
  });

  it('a secret rotated on one is refused by the other at once (secret keys are looked up per request)', async () => {
    const site = createSite(a.app.db, { name: 'Rotated', origins: [] });
    const read = (key: string) => b.app.inject({ url: '/v1/site', headers: { authorization: `Bearer ${key}` } });
    expect((await read(site.secretKey)).statusCode).toBe(200);
    const rotated = rotateSecret(a.app.db, site.siteId)!;
    expect((await read(site.secretKey)).statusCode).toBe(401);
    expect((await read(rotated.secretKey)).statusCode).toBe(200);
  });
});
