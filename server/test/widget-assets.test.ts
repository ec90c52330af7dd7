import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  const LOADER = 'window.__loupeTest = 1;\n';
  const CHUNK = 'export const ui = 1;\n';

  function expectCrossSiteScript(headers: Record<string, unknown>) {
    expect(headers['access-control-allow-origin']).toBe('*');
    expect(headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['content-type']).toBe('text/javascript; charset=utf-8');
  }

  describe('serving the built widget', () => {
    let t: TestApp;
    let root: string;
    beforeAll(async () => {
      root = mkdtempSync(path.join(os.tmpdir(), 'loupe-widget-'));
      const dist = path.join(root, 'dist');
      mkdirSync(path.join(dist, 'chunks'), { recursive: true });
      mkdirSync(path.join(dist, 'dev', 'chunks'), { recursive: true });
      writeFileSync(path.join(dist, 'widget.js'), LOADER);
      writeFileSync(path.join(dist, 'widget.js.gz'), gzipSync(LOADER));
      writeFileSync(path.join(dist, 'widget.js.br'), brotliCompressSync(LOADER));
      writeFileSync(path.join(dist, 'chunks', 'ui-3f9a1c.js'), CHUNK);
      writeFileSync(path.join(dist, 'chunks', '.secret'), 'hidden');
      writeFileSync(path.join(dist, 'dev', 'widget.js'), '// dev build\n');
      writeFileSync(path.join(dist, 'dev', 'chunks', 'ui-dev.js'), '// dev chunk\n');
      mkdirSync(path.join(dist, 'preview'), { recursive: true });
      writeFileSync(path.join(dist, 'preview', 'prompt.html'), '<!doctype html><title>preview</title>');
      writeFileSync(path.join(dist, 'preview', 'prompt.js'), '// preview\n');
      writeFileSync(path.join(dist, 'preview', 'other.js'), 'nope');
      writeFileSync(path.join(root, 'outside.js'), 'nope');
      t = await apps.create(engine, { LOUPE_WIDGET_DIR: dist });
    });
    afterAll(async () => {
      await t.close();
      rmSync(root, { recursive: true, force: true });
    });

    it('serves /widget.js with a short cache, an ETag and cross-site headers', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/widget.js' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(LOADER);
      expectCrossSiteScript(res.headers);
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      expect(res.headers.etag).toBeTruthy();
    });

    it('answers 304 to If-None-Match with the current ETag', async () => {
      const first = await t.app.inject({ method: 'GET', url: '/widget.js' });
      const etag = String(first.headers.etag);
      const res = await t.app.inject({ method: 'GET', url: '/widget.js', headers: { 'if-none-match': etag } });
      expect(res.statusCode).toBe(304);
      expect(res.body).toBe('');
      const stale = await t.app.inject({ method: 'GET', url: '/widget.js', headers: { 'if-none-match': 'W/"0-0"' } });
      expect(stale.statusCode).toBe(200);
    });

    it("serves the pre-compressed brotli copy to browsers that accept it (Chromium's Accept-Encoding)", async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/widget.js',
        headers: { 'accept-encoding': 'gzip, deflate, br, zstd' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(String(res.headers.vary)).toContain('accept-encoding');
      expectCrossSiteScript(res.headers);
      expect(res.rawPayload.equals(brotliCompressSync(LOADER))).toBe(true);
      expect(brotliDecompressSync(res.rawPayload).toString()).toBe(LOADER);
    });

    it('serves the pre-compressed loader to clients that accept gzip', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/widget.js', headers: { 'accept-encoding': 'gzip' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(String(res.headers.vary)).toContain('accept-encoding');
      expectCrossSiteScript(res.headers);
      expect(res.rawPayload.equals(gzipSync(LOADER))).toBe(true);
    });

    it('serves hashed chunks as immutable', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/chunks/ui-3f9a1c.js' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(CHUNK);
      expectCrossSiteScript(res.headers);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    });

    it('answers HEAD like GET without a body', async () => {
      const res = await t.app.inject({ method: 'HEAD', url: '/chunks/ui-3f9a1c.js' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('');
      expect(res.headers['cache-control']).toContain('immutable');
    });

    it('serves the dev build, always revalidated', async () => {
      const loader = await t.app.inject({ method: 'GET', url: '/dev/widget.js' });
      expect(loader.statusCode).toBe(200);
      expect(loader.body).toBe('// dev build\n');
      expect(loader.headers['cache-control']).toBe('no-cache');
      expectCrossSiteScript(loader.headers);
      const chunk = await t.app.inject({ method: 'GET', url: '/dev/chunks/ui-dev.js' });
      expect(chunk.statusCode).toBe(200);
    });

    it("serves the studio's prompt preview: framed by its own origin only, its scripts only, revalidated", async () => {
      const page = await t.app.inject({ method: 'GET', url: '/preview/prompt.html' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("default-src 'none'");
      expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(page.headers['cache-control']).toBe('no-cache');
      // Not a cross-site resource like the widget: no page of another origin may read it.
      expect(page.headers['access-control-allow-origin']).toBeUndefined();
      const script = await t.app.inject({ method: 'GET', url: '/preview/prompt.js' });
      expect(script.statusCode).toBe(200);
      expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
      for (const url of ['/preview/other.js', '/preview/', '/preview/..%2Fwidget.js']) {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(404);
        expect(res.body).not.toContain('nope');
      }
    });

    it('a missing chunk is a problem+json 404 that is never cached for a year', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/chunks/ui-000000.js' });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.json()).toMatchObject({ code: 'not_found' });
    });

    it.each([
      '/chunks/',
      '/chunks',
      '/dev/',
      '/chunks/.secret',
      '/chunks/..%2Fwidget.js',
      '/chunks/..%2F..%2Foutside.js',
      '/chunks/%2e%2e%2f%2e%2e%2foutside.js',
      '/dev/../../outside.js',
      '/dev/..%2F..%2Foutside.js',
      '/dev/chunks/../../../outside.js',
      '/dev/chunks//ui-dev.js',
      '/widget.js/../outside.js',
    ])('refuses %s (no listing, no traversal, no dot-files)', async (url) => {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).not.toContain('nope');
      expect(res.body).not.toContain('hidden');
    });
  });

  describe('when the widget is not built', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await apps.create(engine, { LOUPE_WIDGET_DIR: path.join(os.tmpdir(), 'loupe-no-such-widget-dir') });
    });
    afterAll(() => t.close());

    it.each(['/widget.js', '/chunks/ui-3f9a1c.js', '/dev/widget.js'])(
      '%s answers 503 telling to run npm run build',
      async (url) => {
        const res = await t.app.inject({ method: 'GET', url });
        expect(res.statusCode).toBe(503);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({ code: 'widget_not_built', status: 503 });
        expect(res.json().detail).toContain('npm run build');
        expect(res.headers['cache-control']).toBe('no-store');
      },
    );
  });
});
