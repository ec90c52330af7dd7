import type { SiteWithSecret } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokensEqual } from '../src/plugins/auth.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const ADMIN = 'test-admin-token-0123456789';

const ADMIN_ROUTES = [
  { method: 'POST' as const, url: '/v1/sites', payload: { name: 'X' } },
  { method: 'GET' as const, url: '/v1/sites' },
  { method: 'POST' as const, url: '/v1/sites/site_x/rotate-secret' },
  { method: 'POST' as const, url: '/v1/sites/site_x/origins', payload: { origin: 'https://x.example' } },
];

describe('bearer authentication', () => {
  let t: TestApp;
  let site: SiteWithSecret;
  beforeAll(async () => {
    t = await createTestApp({ LOUPE_ADMIN_TOKEN: ADMIN });
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: { authorization: `Bearer ${ADMIN}` },
      payload: { name: 'Shop' },
    });
    site = res.json();
  });
  afterAll(() => t.close());

  it.each(ADMIN_ROUTES)('$method $url without a token: 401 with a Bearer challenge', async (route) => {
    const res = await t.app.inject(route);
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="loupe"');
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(res.json().detail).toContain('LOUPE_ADMIN_TOKEN');
  });

  it.each([
    ['a wrong token', `Bearer ${ADMIN}x`],
    ['a prefix of the token', `Bearer ${ADMIN.slice(0, -1)}`],
    ['the token in another scheme', `Basic ${ADMIN}`],
    ['an empty bearer', 'Bearer '],
  ])('admin route with %s: 401', async (_label, authorization) => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/sites', headers: { authorization } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="loupe"/);
    expect(res.json().code).toBe('unauthorized');
  });

  it('accepts the scheme name in any case', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/sites', headers: { authorization: `bearer ${ADMIN}` } });
    expect(res.statusCode).toBe(200);
  });

  it("a site's secret key is not an admin token", async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/sites',
      headers: { authorization: `Bearer ${site.secretKey}` },
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(res.json().detail).toContain('admin token');
  });

  it('GET /v1/site with the secret key returns that site and never a secret', async () => {
    const res = await t.app.inject({ url: '/v1/site', headers: { authorization: `Bearer ${site.secretKey}` } });
    expect(res.statusCode).toBe(200);
    const { secretKey: _secret, ...publicPart } = site;
    expect(res.json()).toEqual(publicPart);
    expect(res.body).not.toContain('sk_');
  });

  it('a public key where the secret key is needed: 403 wrong_key_type that says so', async () => {
    const res = await t.app.inject({ url: '/v1/site', headers: { authorization: `Bearer ${site.publicKey}` } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('wrong_key_type');
    expect(res.json().detail).toMatch(/public key.*secret key/s);
    expect(res.headers['www-authenticate']).toContain('insufficient_scope');
  });

  it.each([
    ['no header', undefined],
    ['an unknown secret key', 'Bearer sk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['the admin token', `Bearer ${ADMIN}`],
    ['a secret key in the wrong scheme', 'Token sk_x'],
  ])('GET /v1/site with %s: 401', async (_label, authorization) => {
    const res = await t.app.inject({ url: '/v1/site', headers: authorization ? { authorization } : {} });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="loupe"/);
    expect(res.json().code).toBe('unauthorized');
  });
});

describe('without LOUPE_ADMIN_TOKEN', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOUPE_ADMIN_TOKEN: '' });
  });
  afterAll(() => t.close());

  it.each(ADMIN_ROUTES)('$method $url answers 403 explaining how to enable it', async (route) => {
    const res = await t.app.inject({ ...route, headers: { authorization: 'Bearer anything-at-all-here' } });
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('forbidden');
    expect(res.json().detail).toContain('LOUPE_ADMIN_TOKEN');
  });
});

describe('tokensEqual', () => {
  it('compares whole strings of any length without throwing', () => {
    expect(tokensEqual('abc', 'abc')).toBe(true);
    expect(tokensEqual('abc', 'abd')).toBe(false);
    expect(tokensEqual('abc', 'abcd')).toBe(false);
    expect(tokensEqual('', 'a')).toBe(false);
  });
});
