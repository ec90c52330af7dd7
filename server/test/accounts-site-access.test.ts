import { randomUUID } from 'node:crypto';
import type { MeResponse, SiteWithSecret } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, addUser, createSiteAsAdmin, SAME_ORIGIN, sessionCookieFor } from './helpers/accounts.js';
import { collect, SHOP_ORIGIN } from './helpers/collect.js';
import { response } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Every site-scoped route takes the bearer sk_ as before, or the session cookie plus ?site=.

let t: TestApp;
let shop: SiteWithSecret;
let blog: SiteWithSecret;
let owner: string;
let viewer: string;
let stranger: string;
const responseId = randomUUID();

beforeAll(async () => {
  t = await createTestApp({ LOUPE_ADMIN_TOKEN: ADMIN });
  shop = await createSiteAsAdmin(t.app, 'Shop');
  blog = await createSiteAsAdmin(t.app, 'Blog');
  await t.app.inject({
    method: 'POST',
    url: `/v1/sites/${shop.siteId}/origins`,
    headers: { authorization: `Bearer ${ADMIN}` },
    payload: { origin: SHOP_ORIGIN },
  });
  const res = await collect(t.app, {
    key: shop.publicKey,
    events: [response(responseId, 2, { comment: 'Broken checkout' })],
  });
  expect(res.statusCode, res.body).toBe(202);
  owner = sessionCookieFor(t.app, (await addUser(t.app, 'owner@shop.example', 'owner')).userId);
  viewer = sessionCookieFor(t.app, (await addUser(t.app, 'viewer@shop.example', 'viewer', [shop.siteId])).userId);
  stranger = sessionCookieFor(t.app, (await addUser(t.app, 'stranger@shop.example', 'viewer')).userId);
});
afterAll(() => t.close());

const get = (url: string, cookie?: string, headers: Record<string, string> = {}) =>
  t.app.inject({ url, headers: { ...(cookie ? { cookie } : {}), ...headers } });
const patchResponse = (query: string, cookie: string, headers: Record<string, string> = { origin: SAME_ORIGIN }) =>
  t.app.inject({
    method: 'PATCH',
    url: `/v1/responses/${responseId}?${query}`,
    headers: { cookie, ...headers },
    payload: { status: 'resolved', note: 'Called back' },
  });
const storedStatus = () =>
  (t.app.db.$client.prepare('SELECT status FROM responses WHERE display_id = ?').get(responseId) as { status: string })
    .status;

describe('GET /v1/auth/me', () => {
  it('gives owners every site and viewers the granted ones, each with its time zone', async () => {
    const own = (await get('/v1/auth/me', owner)).json<MeResponse>();
    expect(own.user.role).toBe('owner');
    expect(own.sites.map((s) => s.siteId).sort()).toEqual([shop.siteId, blog.siteId].sort());
    expect(own.sites[0]).toMatchObject({ timeZone: 'UTC', publicKey: expect.stringMatching(/^pk_/) });
    expect(JSON.stringify(own)).not.toContain('sk_');
    const view = (await get('/v1/auth/me', viewer)).json<MeResponse>();
    expect(view.sites.map((s) => s.siteId)).toEqual([shop.siteId]);
    expect((await get('/v1/auth/me', stranger)).json<MeResponse>().sites).toEqual([]);
  });
});

describe('reading with the session cookie and ?site=', () => {
  it.each([
    '/v1/site',
    '/v1/metrics/overview',
    '/v1/metrics/pages',
    '/v1/metrics/scores?kind=nps',
    '/v1/responses',
    `/v1/responses/${encodeURIComponent(responseId)}`,
    '/v1/errors',
    '/v1/clicks',
    '/v1/insights/friction',
    '/v1/insights/journeys',
    '/v1/insights/touchpoints',
    '/v1/metrics/retention',
    '/v1/page-groups',
    '/v1/traits',
    '/v1/prompts',
    '/v1/prompt-settings',
    '/v1/responses.csv',
    '/v1/responses.ndjson',
  ])('%s works for the owner and for a viewer of the site, and is 404 for anyone else', async (path) => {
    const url = `${path}${path.includes('?') ? '&' : '?'}site=${shop.siteId}`;
    const asOwner = await get(url, owner);
    expect(asOwner.statusCode, asOwner.body).toBe(200);
    const withKey = await get(path, undefined, { authorization: `Bearer ${shop.secretKey}` });
    expect(asOwner.body.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T')).toBe(
      withKey.body.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T'),
    );
    expect((await get(url, viewer)).statusCode).toBe(200);
    const other = await get(url, stranger);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('not_found');
    expect(other.body).not.toContain('Broken checkout');
  });

  it('the exports download as attachments with the cookie alone (an <a href download> works)', async () => {
    const csv = await get(`/v1/responses.csv?site=${shop.siteId}`, owner);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="responses-/);
    expect(csv.body).toContain('Broken checkout');
  });

  it('answers 404 alike for a site that does not exist and one the user may not see', async () => {
    const missing = await get('/v1/metrics/overview?site=site_doesnotexist', owner);
    const hidden = await get(`/v1/metrics/overview?site=${blog.siteId}`, viewer);
    expect(missing.statusCode).toBe(404);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().detail).toBe(missing.json().detail);
  });

  it('without ?site= the cookie is a 400 naming site; query strings stay strict', async () => {
    const res = await get('/v1/metrics/overview', owner);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'querystring.site', message: 'required with a session cookie' }]);
    const twice = await get(`/v1/metrics/overview?site=${shop.siteId}&site=${blog.siteId}`, owner);
    expect(twice.statusCode).toBe(400);
    const typo = await get(`/v1/metrics/overview?site=${shop.siteId}&form=2024-01-01`, owner);
    expect(typo.statusCode).toBe(400);
    expect(typo.json().errors.map((e: { path: string }) => e.path)).toContain('querystring');
  });

  it('without any credential: 401 that names both ways in', async () => {
    const res = await get(`/v1/metrics/overview?site=${shop.siteId}`);
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="loupe"');
    expect(res.json().detail).toMatch(/sk_.*log in/s);
  });
});

describe('the bearer secret key, unchanged', () => {
  it('reads its site without ?site=, and with ?site= of its own site', async () => {
    const auth = { authorization: `Bearer ${shop.secretKey}` };
    expect((await get('/v1/metrics/overview', undefined, auth)).statusCode).toBe(200);
    expect((await get(`/v1/metrics/overview?site=${shop.siteId}`, undefined, auth)).statusCode).toBe(200);
  });

  it('never opens another site through ?site=, even alongside an owner\u2019s cookie', async () => {
    const res = await get(`/v1/responses?site=${shop.siteId}`, owner, { authorization: `Bearer ${blog.secretKey}` });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Broken checkout');
  });

  it('changes without an Origin header, as scripts do', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/v1/prompt-settings',
      headers: { authorization: `Bearer ${blog.secretKey}` },
      payload: { globalCooldownDays: 3 },
    });
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('changing with the session cookie', () => {
  it('a viewer may read a response but not resolve it (403), and nothing changes', async () => {
    const res = await patchResponse(`site=${shop.siteId}`, viewer);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('forbidden');
    expect(storedStatus()).toBe('open');
    const create = await t.app.inject({
      method: 'POST',
      url: `/v1/prompts?site=${shop.siteId}`,
      headers: { cookie: viewer, origin: SAME_ORIGIN },
      payload: { name: 'X', kind: 'nps', texts: { en: { question: 'Q?' } } },
    });
    expect(create.statusCode).toBe(403);
  });

  it('a user without the site gets 404 for a change too', async () => {
    expect((await patchResponse(`site=${shop.siteId}`, stranger)).statusCode).toBe(404);
    expect(storedStatus()).toBe('open');
  });

  it.each([
    ['another origin', { origin: 'https://evil.example' }],
    ['an origin on another port', { origin: 'http://localhost:3000' }],
    ['Origin: null (sandboxed frame)', { origin: 'null' }],
    ['no Origin at all', {} as Record<string, string>],
  ])('refuses a change from %s with 403 cross_site_request', async (_label, headers) => {
    const res = await patchResponse(`site=${shop.siteId}`, owner, headers);
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('cross_site_request');
    expect(storedStatus()).toBe('open');
    const post = await t.app.inject({
      method: 'POST',
      url: `/v1/prompts?site=${shop.siteId}`,
      headers: { cookie: owner, ...headers },
      payload: { name: 'Forged', kind: 'nps', texts: { en: { question: 'Forged?' } } },
    });
    expect(post.statusCode).toBe(403);
    expect(post.json().code).toBe('cross_site_request');
  });

  it('an owner resolves a response from the same origin', async () => {
    const res = await patchResponse(`site=${shop.siteId}`, owner);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'resolved', note: 'Called back' });
    expect(storedStatus()).toBe('resolved');
  });

  it('an owner manages prompts of any site with the cookie', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: `/v1/prompts?site=${blog.siteId}`,
      headers: { cookie: owner, origin: SAME_ORIGIN },
      payload: { name: 'Blog NPS', kind: 'nps', texts: { en: { question: 'Would you recommend us?' } } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const list = await get('/v1/prompts', undefined, { authorization: `Bearer ${blog.secretKey}` });
    expect(list.json().prompts.map((p: { name: string }) => p.name)).toContain('Blog NPS');
  });
});
