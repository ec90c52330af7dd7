import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../src/db/migrate-database.js';
import { openDatabase, type Db } from '../src/db/open-database.js';
import { readDemoKeys } from '../src/features/demo/demo-keys-file.js';
import { demoOrigins, displayBaseUrl } from '../src/features/demo/demo-origins.js';
import { seedDemoSite } from '../src/features/demo/seed-demo-site.js';
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

describe('demo routes', () => {
  let t: TestApp;
  let demoDir: string;
  beforeAll(async () => {
    demoDir = mkdtempSync(path.join(os.tmpdir(), 'loupe-demo-site-'));
    writeFileSync(path.join(demoDir, 'index.html'), '<!doctype html><title>Demo shop</title>');
    writeFileSync(path.join(demoDir, 'cart.html'), '<!doctype html><title>Cart</title>');
    t = await createTestApp({ LOUPE_DEMO_DIR: demoDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(demoDir, { recursive: true, force: true });
  });

  it('redirects / to /demo/ and serves the demo pages', async () => {
    const root = await t.app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/demo/');
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
});

describe('demo routes without the demo folder', () => {
  it('answers /demo/ with a problem+json 404 explaining what is missing', async () => {
    const t = await createTestApp({ LOUPE_DEMO_DIR: path.join(os.tmpdir(), 'loupe-no-such-demo-dir') });
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
