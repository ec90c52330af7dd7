import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopSite } from './helpers/collect.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// HTML pages get a Content-Security-Policy that forbids framing, every response gets nosniff,
// and nothing is cacheable unless its route says so (site data never is).

let t: TestApp;
let secret: string;
beforeAll(async () => {
  t = await createTestApp({ LOUPE_DEMO: 'true' }); // the demo pages are among the HTML checked
  secret = shopSite(t.app).secretKey;
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });
const directives = (csp: string | undefined) =>
  new Map(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...v]) => [name!, v]),
  );

const demoDir = () => t.app.config.demoDir;
const demoPages = () =>
  readdirSync(demoDir(), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => `/demo/${f.replace(/index\.html$/, '')}`);

describe('HTML pages', () => {
  it('every demo page: CSP without inline code except its own queue stub by hash, no framing, nosniff', async () => {
    const pages = demoPages();
    expect(pages).toContain('/demo/');
    expect(pages).toContain('/demo/checkout/');
    for (const url of pages) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type'], url).toMatch(/^text\/html/);
      const csp = directives(res.headers['content-security-policy'] as string);
      expect(csp.get('frame-ancestors'), url).toEqual(["'none'"]);
      expect(csp.get('default-src'), url).toEqual(["'self'"]);
      expect(csp.get('object-src'), url).toEqual(["'none'"]);
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      // Each inline script of the page is allowed by its hash, and nothing else inline.
      const scripts = csp.get('script-src')!;
      expect(scripts).not.toContain("'unsafe-inline'");
      for (const [, inline] of res.body.matchAll(/<script>([^<]*)<\/script>/g)) {
        expect(scripts).toContain(`'sha256-${createHash('sha256').update(inline!).digest('base64')}'`);
      }
      expect(csp.get('style-src') ?? csp.get('default-src')).not.toContain("'unsafe-inline'");
    }
    // The SPA fallback of the checkout serves the same page with the same policy.
    const step = await get('/demo/checkout/payment');
    expect(directives(step.headers['content-security-policy'] as string).get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('the API docs: a CSP that forbids framing, nosniff', async () => {
    let res = await get('/docs');
    for (let hops = 0; res.statusCode >= 300 && res.statusCode < 400 && hops < 3; hops++) {
      res = await get(new URL(String(res.headers.location), 'http://x/docs/').pathname);
    }
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(directives(res.headers['content-security-policy'] as string).get('frame-ancestors')).toEqual(["'none'"]);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('API responses', () => {
  it.each([
    ['/healthz', {}],
    ['/v1/metrics/overview', 'secret'],
    ['/v1/responses', 'secret'],
    ['/v1/responses.csv', 'secret'],
    ['/v1/site', 'secret'],
    ['/v1/prompts', 'secret'],
    ['/v1/metrics/overview', {}],
    ['/nope', {}],
    ['/openapi.json', {}],
  ] as const)('%s: nosniff, Cache-Control: no-store, and a CSP that runs and frames nothing', async (url, auth) => {
    const res = await get(url, auth === 'secret' ? { authorization: `Bearer ${secret}` } : {});
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(directives(res.headers['content-security-policy'] as string).get('default-src')).toEqual(["'none'"]);
    expect(directives(res.headers['content-security-policy'] as string).get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('keeps the caching of what may be cached: the widget config, the demo files', async () => {
    const { publicKey } = shopSite(t.app);
    const config = await get(`/v1/config?key=${publicKey}`);
    expect(config.statusCode).toBe(200);
    expect(config.headers['cache-control']).toMatch(/^public, max-age=\d+/);
    expect(config.headers['x-content-type-options']).toBe('nosniff');
    const css = await get('/demo/assets/shop.css');
    expect(css.headers['cache-control']).not.toBe('no-store');
    expect(css.headers['x-content-type-options']).toBe('nosniff');
    expect(readFileSync(path.join(demoDir(), 'assets/shop.css'), 'utf8')).toBe(css.body);
  });
});
