import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../src/db/migrate-database.js';
import { openDatabase, type Db } from '../src/db/open-database.js';
import { promptDefinitionSchema, type PublicConfig } from '@loupe/shared';
import { BANNER_READS, DEMO_SEED_ARGS, demoBanner } from '../src/features/demo/demo-banner.js';
import { readDemoKeys } from '../src/features/demo/demo-keys-file.js';
import { DEMO_PROMPTS } from '../src/features/demo/demo-prompts.js';
import { listPageGroups } from '../src/features/page-groups/page-groups-store.js';
import { DEMO_SLOW_IMAGE_MS } from '../src/features/demo/demo-routes.js';
import { demoOrigins, displayBaseUrl } from '../src/features/demo/demo-origins.js';
import { seedDemoSite } from '../src/features/demo/seed-demo-site.js';
import { getPromptSettings, listPrompts } from '../src/features/prompts/prompts-store.js';
import { createSite, findSiteBySecretKey, rotateSecret } from '../src/features/sites/sites-store.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

describe('demoOrigins', () => {
  it.each([
    ['127.0.0.1', 8787, ['http://localhost:8787', 'http://127.0.0.1:8787']],
    ['0.0.0.0', 8787, ['http://localhost:8787', 'http://127.0.0.1:8787']],
    ['::1', 9000, ['http://localhost:9000', 'http://[::1]:9000']],
    ['loupe.example', 80, ['http://loupe.example']],
  ])('%s:%i → %j', (host, port, expected) => {
    expect(demoOrigins(host, port)).toEqual(expected);
  });

  it('prints a typeable URL for wildcard hosts', () => {
    expect(displayBaseUrl('0.0.0.0', 8787)).toBe('http://localhost:8787');
    expect(displayBaseUrl('127.0.0.1', 8787)).toBe('http://127.0.0.1:8787');
  });
});

describe('seedDemoSite', () => {
  let dir: string;
  let dbPath: string;
  let db: Db;
  const origins = ['http://localhost:8787', 'http://127.0.0.1:8787'];
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-demo-'));
    dbPath = path.join(dir, 'loupe.db');
    db = openDatabase(dbPath);
    migrateDatabase(db);
  });
  afterAll(() => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the Demo site once, keeps its keys in a 0600 file, and reuses them later', () => {
    const first = seedDemoSite(db, { dbPath, origins });
    expect(first).toMatchObject({ created: true, site: { name: 'Demo', origins } });
    expect(first?.secretKey).toMatch(/^sk_/);
    const keysFile = path.join(dir, 'demo-site.json');
    expect(statSync(keysFile).mode & 0o777).toBe(0o600);
    expect(readDemoKeys(keysFile)).toEqual({
      siteId: first?.site.siteId,
      publicKey: first?.site.publicKey,
      secretKey: first?.secretKey,
    });
    expect(findSiteBySecretKey(db, first!.secretKey!)?.siteId).toBe(first?.site.siteId);

    const again = seedDemoSite(db, { dbPath, origins });
    expect(again).toMatchObject({ created: false, secretKey: first?.secretKey, site: { siteId: first?.site.siteId } });
    expect(db.$client.prepare('SELECT count(*) AS n FROM sites').get()).toEqual({ n: 1 });
  });

  it('creates the demo prompts with the site, in priority order, and never again', () => {
    const demo = seedDemoSite(db, { dbPath, origins })!;
    const stored = listPrompts(db, demo.site.siteId);
    expect(stored.map((p) => [p.name, p.kind, p.status])).toEqual([
      ['Home page NPS', 'nps', 'active'],
      ['Order satisfaction (CSAT)', 'csat', 'active'],
      ['Checkout effort (CES)', 'ces', 'active'],
      ['Frustration check', 'csat', 'active'],
    ]);
    // Exactly what POST /v1/prompts would have stored (defaults applied by the shared schema).
    for (const [i, def] of DEMO_PROMPTS.entries()) {
      expect(stored[i]).toMatchObject(promptDefinitionSchema.parse(def));
    }
    expect(stored.find((p) => p.kind === 'nps')?.targeting).toMatchObject({ timeOnPageSeconds: 5, scrollPercent: 25 });
    expect(stored.find((p) => p.name === 'Frustration check')?.targeting.afterFrustration).toBe(true);
    expect(stored.find((p) => p.kind === 'csat')?.targeting.afterTrack).toEqual(['purchase']);
    expect(getPromptSettings(db, demo.site.siteId)).toEqual({ globalCooldownDays: 0, appearance: {} });
    seedDemoSite(db, { dbPath, origins });
    expect(listPrompts(db, demo.site.siteId)).toHaveLength(DEMO_PROMPTS.length);
  });

  it("names the shop's product pages, cart and checkout as page groups, once", () => {
    const demo = seedDemoSite(db, { dbPath, origins })!;
    seedDemoSite(db, { dbPath, origins });
    expect(listPageGroups(db, demo.site.siteId).map((g) => [g.name, g.match, g.pattern])).toEqual([
      ['Product pages', 'wildcard', '/demo/product*'],
      ['Cart', 'exact', '/demo/cart.html'],
      ['Checkout', 'wildcard', '/demo/checkout*'],
    ]);
  });

  it('does not bring back a demo prompt the owner deleted', () => {
    const demo = seedDemoSite(db, { dbPath, origins })!;
    db.$client.prepare('DELETE FROM prompts WHERE site_id = ? AND kind = ?').run(demo.site.siteId, 'ces');
    seedDemoSite(db, { dbPath, origins });
    expect(listPrompts(db, demo.site.siteId).map((p) => p.kind)).toEqual(['nps', 'csat', 'csat']);
  });

  it('adds the current origins when the port changed', () => {
    const moved = seedDemoSite(db, { dbPath, origins: ['http://localhost:9999'] });
    expect(moved?.site.origins).toEqual([...origins, 'http://localhost:9999']);
  });

  it('cannot reprint a rotated or lost secret, and says so by leaving it undefined', () => {
    const demo = seedDemoSite(db, { dbPath, origins })!;
    rotateSecret(db, demo.site.siteId);
    expect(seedDemoSite(db, { dbPath, origins })?.secretKey).toBeUndefined();
    writeFileSync(path.join(dir, 'demo-site.json'), 'not json');
    expect(seedDemoSite(db, { dbPath, origins })?.secretKey).toBeUndefined();
  });

  it('leaves a database that already has its own sites alone', () => {
    const other = openDatabase(':memory:');
    migrateDatabase(other);
    createSite(other, { name: 'Shop', origins: [] });
    expect(seedDemoSite(other, { dbPath: ':memory:', origins })).toBeUndefined();
    expect(other.$client.prepare('SELECT count(*) AS n FROM sites').get()).toEqual({ n: 1 });
    other.$client.close();
  });
});

describe('demoBanner', () => {
  const site = {
    siteId: 'site_1',
    name: 'Demo',
    origins: ['http://localhost:8787'],
    publicKey: 'pk_pub',
    timeZone: 'UTC',
    createdAt: new Date(0).toISOString(),
    lastEventAt: null,
    rawEventsDays: 395,
    responsesDays: null,
  };

  it('prints the shop, the docs, both keys and two curl commands with the real secret key', () => {
    const dbPath = path.join(process.cwd(), 'data', 'loupe.db');
    const text = demoBanner(
      'http://127.0.0.1:8787',
      { site, secretKey: 'sk_secret', created: true, keysFile: undefined },
      dbPath,
    );
    expect(text).toContain('http://127.0.0.1:8787/demo/');
    expect(text).toMatch(/Dashboard:\s+http:\/\/127\.0\.0\.1:8787\/app\//);
    expect(text).toContain('http://127.0.0.1:8787/docs');
    expect(text).toMatch(/public key:\s+pk_pub/);
    expect(text).toMatch(/secret key:\s+sk_secret/);
    const curls = text.split('\n').filter((l) => l.trim().startsWith('curl '));
    expect(curls).toEqual(
      BANNER_READS.map((r) => `    curl -H 'Authorization: Bearer sk_secret' 'http://127.0.0.1:8787${r.path}'`),
    );
    // A site of its own: never the demo's (its pages and prompts would mix with the shop's).
    expect(text).toContain(`npm run seed -- --db '${path.join('data', 'loupe.db')}' ${DEMO_SEED_ARGS}`);
    expect(text).not.toContain('--site');
  });

  it('gives the seed command an absolute database path when the database is outside the current folder', () => {
    const dbPath = path.join(os.tmpdir(), 'elsewhere', 'loupe.db');
    const text = demoBanner(
      'http://127.0.0.1:8787',
      { site, secretKey: 'sk_secret', created: false, keysFile: undefined },
      dbPath,
    );
    expect(text).toContain(`--db '${dbPath}'`);
    // An in-memory database cannot be seeded from another process: no seed line at all.
    expect(
      demoBanner('http://127.0.0.1:8787', { site, secretKey: 'sk_secret', created: false, keysFile: undefined }),
    ).not.toContain('npm run seed');
  });

  it('without a secret key says how to get one and prints the curl commands with a placeholder', () => {
    const text = demoBanner('http://localhost:8787', {
      site,
      secretKey: undefined,
      created: false,
      keysFile: undefined,
    });
    expect(text).toContain('rotate-secret --site site_1');
    expect(text).not.toContain('sk_');
    expect(text).toContain("Bearer <secret key>' 'http://localhost:8787/v1/metrics/scores?kind=nps'");
  });

  it('without a demo site prints only where the server, its dashboard and its docs are', () => {
    const text = demoBanner('http://localhost:8787', undefined);
    expect(text).toContain('http://localhost:8787/app/');
    expect(text).toContain('http://localhost:8787/docs');
    expect(text).not.toContain('/demo/');
    expect(text).not.toContain('curl');
  });
});

describe('demo routes', () => {
  let t: TestApp;
  let demoDir: string;
  beforeAll(async () => {
    demoDir = mkdtempSync(path.join(os.tmpdir(), 'loupe-demo-site-'));
    writeFileSync(path.join(demoDir, 'index.html'), '<!doctype html><title>Demo shop</title>');
    writeFileSync(path.join(demoDir, 'cart.html'), '<!doctype html><title>Cart</title>');
    mkdirSync(path.join(demoDir, 'checkout'));
    writeFileSync(path.join(demoDir, 'checkout/index.html'), '<!doctype html><title>Checkout app</title>');
    mkdirSync(path.join(demoDir, 'img'));
    writeFileSync(path.join(demoDir, 'img/hero.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    t = await createTestApp({ LOUPE_DEMO: 'true', LOUPE_DEMO_DIR: demoDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(demoDir, { recursive: true, force: true });
  });

  it('serves the demo pages under /demo/ (the root belongs to the dashboard)', async () => {
    const root = await t.app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/app/');
    const index = await t.app.inject({ method: 'GET', url: '/demo/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toContain('text/html');
    expect(index.body).toContain('Demo shop');
    expect((await t.app.inject({ method: 'GET', url: '/demo/cart.html' })).body).toContain('Cart');
    const bare = await t.app.inject({ method: 'GET', url: '/demo' });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/demo/');
  });

  it('answers a missing demo page with problem+json 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/demo/nope.html' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('serves the checkout app for every path below it, so its pushState steps survive a reload', async () => {
    for (const url of ['/demo/checkout/', '/demo/checkout/payment', '/demo/checkout/a/b']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('Checkout app');
    }
  });

  it('serves a demo image slowly and uncached: the friction is there on every visit', async () => {
    const started = Date.now();
    const res = await t.app.inject({ method: 'GET', url: '/demo/slow/hero.svg' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('image/svg+xml');
    expect(res.headers['cache-control']).toBe('no-store');
    // A lower bound only (timers never fire early); no upper bound, CI machines are slow.
    expect(Date.now() - started).toBeGreaterThanOrEqual(DEMO_SLOW_IMAGE_MS - 50);
  }, 20_000);

  it('refuses slow images that are not demo images', async () => {
    const missing = await t.app.inject({ method: 'GET', url: '/demo/slow/nope.svg' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    for (const url of ['/demo/slow/..%2Findex.html', '/demo/slow/hero.png', '/demo/slow/HERO.svg']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('tells the demo pages the public key once the demo site exists', async () => {
    const before = await t.app.inject({ method: 'GET', url: '/demo/site.json' });
    expect(before.statusCode).toBe(404);
    expect(before.json().code).toBe('not_found');
    const demo = seedDemoSite(t.app.db, { dbPath: t.dbPath, origins: ['http://localhost:1234'] })!;
    const after = await t.app.inject({ method: 'GET', url: '/demo/site.json' });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual({
      siteId: demo.site.siteId,
      name: 'Demo',
      origins: ['http://localhost:1234'],
      publicKey: demo.site.publicKey,
    });
    expect(after.body).not.toContain('sk_');
  });

  it('gives the demo pages their prompts through the public widget config', async () => {
    const demo = seedDemoSite(t.app.db, { dbPath: t.dbPath, origins: ['http://localhost:1234'] })!;
    const res = await t.app.inject({ method: 'GET', url: `/v1/config?key=${demo.site.publicKey}` });
    expect(res.statusCode).toBe(200);
    const config = res.json<PublicConfig>();
    expect(config.cooldownDays).toBe(0);
    expect(config.prompts.map((p) => p.kind)).toEqual(['nps', 'csat', 'ces', 'csat']);
    const listed = await t.app.inject({
      method: 'GET',
      url: '/v1/prompts',
      headers: { authorization: `Bearer ${demo.secretKey}` },
    });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().prompts).toHaveLength(DEMO_PROMPTS.length);
  });
});

describe('demo routes without the demo folder', () => {
  it('answers /demo/ with a problem+json 404 explaining what is missing', async () => {
    const t = await createTestApp({
      LOUPE_DEMO: 'true',
      LOUPE_DEMO_DIR: path.join(os.tmpdir(), 'loupe-no-such-demo-dir'),
    });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/demo/' });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().detail).toContain('demo-site/public');
    } finally {
      await t.close();
    }
  });
});

describe('without LOUPE_DEMO (the production server)', () => {
  let t: TestApp;
  let demoDir: string;
  beforeAll(async () => {
    // The demo's files are there, as in a checkout: only the flag decides.
    demoDir = mkdtempSync(path.join(os.tmpdir(), 'loupe-demo-site-'));
    writeFileSync(path.join(demoDir, 'index.html'), '<!doctype html><title>Demo shop</title>');
    mkdirSync(path.join(demoDir, 'img'));
    writeFileSync(path.join(demoDir, 'img/hero.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    t = await createTestApp({ LOUPE_DEMO_DIR: demoDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(demoDir, { recursive: true, force: true });
  });

  it('has no demo routes: no shop, no slow images, no site.json, and / leads to the dashboard', async () => {
    const home = await t.app.inject({ method: 'GET', url: '/' });
    expect([home.statusCode, home.headers.location]).toEqual([302, '/app/']);
    for (const url of ['/demo', '/demo/', '/demo/index.html', '/demo/site.json', '/demo/slow/hero.svg']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type'], url).toContain('application/problem+json');
    }
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/demo'))).toEqual([]);
    expect(doc.tags.map((tag: { name: string }) => tag.name)).not.toContain('demo');
  });

  it('creates no Demo site and prints no demo banner when it starts listening', async () => {
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
    } finally {
      process.stdout.write = write;
    }
    expect(t.app.db.$client.prepare('SELECT count(*) AS n FROM sites').get()).toEqual({ n: 0 });
    expect(written.join('')).not.toContain('Demo');
  });
});
