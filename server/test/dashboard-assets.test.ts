import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP } from '../src/features/dashboard-assets/dashboard-headers.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  const INDEX = '<!doctype html><title>Loupe</title><script type="module" src="/app/assets/main-AB12CD.js"></script>';
  const MAIN = 'console.log("dashboard");\n';
  const CSS = 'body{color:red}\n';

  function expectPageHeaders(headers: Record<string, unknown>) {
    expect(headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['referrer-policy']).toBe('same-origin');
  }

  describe('serving the dashboard at /app/', () => {
    let t: TestApp;
    let root: string;
    beforeAll(async () => {
      root = mkdtempSync(path.join(os.tmpdir(), 'loupe-dashboard-'));
      const dist = path.join(root, 'dist');
      mkdirSync(path.join(dist, 'assets'), { recursive: true });
      writeFileSync(path.join(dist, 'index.html'), INDEX);
      writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
      writeFileSync(path.join(dist, 'assets', 'main-AB12CD.js'), MAIN);
      writeFileSync(path.join(dist, 'assets', 'main-AB12CD.js.gz'), gzipSync(MAIN));
      writeFileSync(path.join(dist, 'assets', 'app-EF34.css'), CSS);
      writeFileSync(path.join(dist, 'assets', '.hidden'), 'secret');
      writeFileSync(path.join(root, 'outside.js'), 'nope');
      t = await apps.create(engine, { LOUPE_DASHBOARD_DIR: dist });
    });
    afterAll(async () => {
      await t.close();
      rmSync(root, { recursive: true, force: true });
    });

    it('redirects / to /app/ (302: the choice may change) and /app to /app/', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/' });
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/app/');
      const bare = await t.app.inject({ method: 'GET', url: '/app' });
      expect(bare.statusCode).toBe(301);
      expect(bare.headers.location).toBe('/app/');
    });

    it.each([
      '/app/',
      '/app/scores',
      '/app/responses?site=site_1&period=7d',
      '/app/login',
      '/app/setup',
      '/app/some/deep/path',
    ])('%s answers index.html, never cached, with the strict CSP', async (url) => {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(INDEX);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-cache');
      expectPageHeaders(res.headers);
    });

    it('the CSP allows no inline script or style and no framing', () => {
      expect(DASHBOARD_CSP).toContain("default-src 'none'");
      expect(DASHBOARD_CSP).toContain("script-src 'self'");
      expect(DASHBOARD_CSP).toContain("style-src 'self'");
      expect(DASHBOARD_CSP).toContain("frame-ancestors 'none'");
      expect(DASHBOARD_CSP).not.toContain('unsafe-inline');
      expect(DASHBOARD_CSP).not.toContain('unsafe-eval');
    });

    it('serves hashed assets as immutable, with the standard JavaScript type, precompressed on request', async () => {
      const js = await t.app.inject({ method: 'GET', url: '/app/assets/main-AB12CD.js' });
      expect(js.statusCode).toBe(200);
      expect(js.body).toBe(MAIN);
      expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(js.headers['x-content-type-options']).toBe('nosniff');
      const gz = await t.app.inject({
        method: 'GET',
        url: '/app/assets/main-AB12CD.js',
        headers: { 'accept-encoding': 'gzip' },
      });
      expect(gz.headers['content-encoding']).toBe('gzip');
      const css = await t.app.inject({ method: 'GET', url: '/app/assets/app-EF34.css' });
      expect(css.headers['content-type']).toContain('text/css');
      expect(css.headers['cache-control']).toContain('immutable');
    });

    it('a missing asset is a problem+json 404 (not index.html: a module script must fail loudly)', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/app/assets/main-OLD.js' });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it.each([
      '/app/assets/.hidden',
      '/app/assets/..%2Foutside.js',
      '/app/assets/%2e%2e%2findex.html',
      '/app/assets/..%5Coutside.js',
    ])('refuses %s', async (url) => {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('nope');
      expect(res.body).not.toContain('secret');
    });

    it('answers 304 to a revalidation of index.html', async () => {
      const first = await t.app.inject({ method: 'GET', url: '/app/' });
      const res = await t.app.inject({
        method: 'GET',
        url: '/app/',
        headers: { 'if-none-match': String(first.headers.etag) },
      });
      expect(res.statusCode).toBe(304);
    });
  });

  describe('a server without a built dashboard', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await apps.create(engine, { LOUPE_DASHBOARD_DIR: path.join(os.tmpdir(), 'loupe-no-dashboard-here') });
    });
    afterAll(() => t.close());

    it('answers 503 dashboard_not_built with a hint, for pages and assets', async () => {
      for (const url of ['/app/', '/app/scores', '/app/assets/main-X.js']) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(503);
        expect(res.json()).toMatchObject({ code: 'dashboard_not_built' });
        expect(res.json().detail).toContain('npm run build');
      }
    });
  });
});
