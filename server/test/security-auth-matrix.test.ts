import { randomUUID } from 'node:crypto';
import type { LoupeEventInput, SiteWithSecret } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect } from './helpers/collect.js';
import { click, jsError, pageview, response } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { type ApiRoute, apiRoutes, routeUrl } from './security-support/api-routes.js';
import { ADMIN_TOKEN, siteWithPrompt } from './security-support/fixture-sites.js';
import { sampleFromSchema } from './security-support/sample-from-schema.js';
import { siteSnapshot } from './security-support/site-snapshot.js';

// Every route (from /openapi.json) × {no key, public key, secret key of site A,
// of site B, A's rotated-away secret}. Figure: unauthorised reads or writes = 0, where
// - an admin route answers 2xx to anything but the admin token,
// - a secret-key route answers 2xx to no key, a public key or a rotated secret,
// - site B's secret reads any of site A's data or changes any of A's rows,
// - any answer to a non-admin credential carries a secret key.

const MARK = 'MARKERA7'; // in A's comment, error message and page path: B must never see it.
/** A's visitor and session (the events' default session): what the erasure routes are aimed at. */
const A_VISITOR = 'visitor-of-a';
const A_SESSION = 'sess-1';
/** The customer A's visitor is identified as (the customer erasure's target). */
const A_CUSTOMER = 'customer-of-a';
/**
 * Path parameters that are ids the widget or the site made, not resources of a site: a key reaches
 * only its own site's rows under them, so B's erasure of A's visitor answers 200 with zero rows,
 * and the snapshot of A below proves that nothing of A changed.
 */
const WIDGET_ID_PARAMS = new Set(['visitorId', 'sessionId', 'customerId']);

let t: TestApp;
let routes: ApiRoute[];
let a: SiteWithSecret;
let b: SiteWithSecret;
let rotatedA: string;
let aIds: Record<string, string>;
const violations: string[] = [];
let cases = 0;

async function seedA(app: TestApp['app'], site: SiteWithSecret, promptId: string): Promise<string> {
  const path = `/${MARK}`;
  const res = await collect(app, {
    key: site.publicKey,
    events: [
      pageview({ path, visitorId: A_VISITOR }),
      { ...pageview({ path, visitorId: A_VISITOR }), type: 'identify', customerId: A_CUSTOMER } as LoupeEventInput,
      response(randomUUID(), 3, { comment: `Bad ${MARK} checkout`, path, promptId } as never),
      jsError(`TypeError ${MARK}`, [{ fn: 'f', file: 'https://shop.example/app.js', line: 1, col: 1 }], { path }),
      click('rage', { path }),
    ],
  });
  if (res.statusCode !== 202 || res.json<{ rejected: unknown[] }>().rejected.length)
    throw new Error(`seed: ${res.statusCode} ${res.body}`);
  const list = await app.inject({
    method: 'GET',
    url: '/v1/responses',
    headers: { authorization: `Bearer ${site.secretKey}` },
  });
  const first = list.json<{ responses?: { id: string }[]; items?: { id: string }[] }>();
  const id = (first.responses ?? first.items ?? [])[0]?.id;
  if (!id) throw new Error(`A has no response to target: ${list.body.slice(0, 300)}`);
  return id;
}

beforeAll(async () => {
  t = await createTestApp({
    LOUPE_ADMIN_TOKEN: ADMIN_TOKEN,
    LOUPE_RATE_LIMIT_MAX: '1000000',
    LOUPE_API_RATE_LIMIT_MAX: '1000000',
  });
  const sa = await siteWithPrompt(t.app, 'Alpha');
  const sb = await siteWithPrompt(t.app, 'Beta');
  b = sb.site;
  // A's secret is rotated once: the old one must be dead everywhere.
  rotatedA = sa.site.secretKey;
  const rot = await t.app.inject({
    method: 'POST',
    url: `/v1/sites/${sa.site.siteId}/rotate-secret`,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(rot.statusCode).toBe(200);
  a = { ...sa.site, secretKey: rot.json<{ secretKey: string }>().secretKey };
  const responseId = await seedA(t.app, a, sa.promptId);
  const hook = await t.app.inject({
    method: 'POST',
    url: '/v1/webhooks',
    headers: { authorization: `Bearer ${a.secretKey}` },
    payload: { url: `https://hooks.example.invalid/${MARK}`, events: ['error.new'] },
  });
  expect(hook.statusCode).toBe(201);
  const funnel = await t.app.inject({
    method: 'POST',
    url: '/v1/funnels/saved',
    headers: { authorization: `Bearer ${a.secretKey}` },
    payload: { name: `Funnel ${MARK}`, steps: ['/products', '/checkout'] },
  });
  expect(funnel.statusCode).toBe(201);
  aIds = {
    promptId: sa.promptId,
    id: responseId,
    siteId: a.siteId,
    file: 'prompt.js',
    webhookId: hook.json<{ id: string }>().id,
    funnelId: funnel.json<{ id: string }>().id,
    visitorId: A_VISITOR,
    sessionId: A_SESSION,
    customerId: A_CUSTOMER,
  };
  routes = await apiRoutes(t.app);
});
afterAll(async () => {
  console.log(
    `FIGURE auth-matrix: routes=${routes.length}, cases=${cases}, unauthorised-reads-or-writes=${violations.length}`,
  );
  await t.close();
});

type Credential = 'none' | 'public' | 'secretB' | 'rotatedA' | 'secretA';

function token(c: Credential): string | undefined {
  return { none: undefined, public: a.publicKey, secretB: b.secretKey, rotatedA, secretA: a.secretKey }[c];
}

/** A body the route accepts where we know one, so a 2xx would really be a write. */
function bodyFor(route: ApiRoute): unknown {
  if (route.path.startsWith('/v1/prompts') && (route.method === 'POST' || route.method === 'PUT')) {
    return { name: 'Hijack', kind: 'nps', texts: { en: { question: 'Hijacked?' } } };
  }
  if (route.path.startsWith('/v1/prompts/') && route.method === 'PATCH') return { name: 'Hijack' };
  if (route.path === '/v1/sites') return { name: 'Hijack', origins: [] };
  if (route.path.startsWith('/v1/responses/') && route.method === 'PATCH')
    return { status: 'resolved', note: 'hijacked' };
  if (route.path.endsWith('/origins')) return { origin: 'https://evil.example' };
  const body = sampleFromSchema(route.bodySchema);
  if (body && typeof body === 'object' && 'key' in body) (body as { key: string }).key = a.publicKey;
  return body;
}

/** Query parameters some routes require, so a 2xx is possible at all. */
const REQUIRED_QUERY: Record<string, () => string> = {
  '/v1/config': () => `key=${a.publicKey}`,
  '/v1/metrics/scores': () => 'kind=nps',
  '/v1/metrics/breakdown': () => 'by=browser',
  '/v1/funnels': () => 'steps=/products,/checkout',
  '/v1/metrics/conversion': () => 'by=page',
};

const urlOf = (route: ApiRoute) => routeUrl(route, aIds, REQUIRED_QUERY[route.path]?.() ?? '');

async function call(route: ApiRoute, c: Credential) {
  const tk = token(c);
  const hasBody = route.bodySchema !== undefined;
  cases++;
  return t.app.inject({
    method: route.method,
    url: urlOf(route),
    headers: tk ? { authorization: `Bearer ${tk}` } : {},
    ...(hasBody ? { payload: bodyFor(route) as object } : {}),
  });
}

describe('authorisation matrix', () => {
  it('covers admin, secret-key and public routes', () => {
    const by = (x: string) => routes.filter((r) => r.access === x).length;
    expect(by('admin')).toBeGreaterThanOrEqual(4);
    expect(by('secret')).toBeGreaterThanOrEqual(15);
    expect(by('public')).toBeGreaterThanOrEqual(3);
  });

  // Slower than the rest: POST /v1/auth/login really hashes each credential's password (scrypt).
  it('lets no credential but the right one read or write, and nothing of site A leaks to site B', {
    timeout: 60_000,
  }, async () => {
    const before = siteSnapshot(t.app, a.siteId);
    const sitesBefore = t.app.db.$client.prepare('SELECT count(*) AS n FROM sites').get();
    for (const c of ['none', 'public', 'rotatedA', 'secretB'] as const) {
      for (const route of routes) {
        const res = await call(route, c);
        const label = `${c} ${route.method} ${route.path} → ${res.statusCode}`;
        const ok = res.statusCode < 300;
        // A secret key is sk_ and 43 base64url characters; a table name such as task_runs is not one.
        if (/(?<![A-Za-z0-9_])sk_[A-Za-z0-9_-]{40,}/.test(res.body))
          violations.push(`${label}: answer carries a secret key`);
        if (route.access === 'admin' && ok) violations.push(`${label}: admin route without the admin token`);
        if (route.access === 'secret' && c !== 'secretB' && ok)
          violations.push(`${label}: secret route without a valid secret`);
        if (route.access === 'secret' && c !== 'secretB' && ![400, 401, 403].includes(res.statusCode))
          violations.push(`${label}: expected 401/403`);
        if (c === 'secretB' && route.access === 'secret') {
          // problem+json echoes the request path (`instance`): the caller's own input, not a leak.
          const body = res.body.replaceAll(urlOf(route).split('?')[0]!, '');
          if (
            body.includes(MARK) ||
            body.includes(a.siteId) ||
            body.includes(aIds.promptId!) ||
            body.includes(aIds.id!)
          ) {
            violations.push(`${label}: B read A's data ${body.slice(0, 200)}`);
          }
          // A's own ids in the path are someone else's resources for B: not found, never served.
          const resourceParams = route.pathParams.filter((p) => !WIDGET_ID_PARAMS.has(p));
          if (resourceParams.length > 0 && ok) violations.push(`${label}: B reached A's resource`);
          if (resourceParams.length === 0 && route.pathParams.length > 0 && ok && route.method === 'DELETE') {
            const erased = res.json<{ totalRows: number }>().totalRows;
            if (erased !== 0) violations.push(`${label}: B erased ${erased} rows`);
          }
        }
      }
    }
    if (siteSnapshot(t.app, a.siteId) !== before) violations.push("site A's rows changed under foreign credentials");
    expect(t.app.db.$client.prepare('SELECT count(*) AS n FROM sites').get()).toEqual(sitesBefore);
    expect(violations).toEqual([]);
  });

  it("positive control: A's current secret reads A's data on every secret read route", async () => {
    const reads = routes.filter((r) => r.access === 'secret' && r.method === 'GET');
    let sawMark = 0;
    for (const route of reads) {
      const res = await call(route, 'secretA');
      expect(res.statusCode, `${route.path}: ${res.body.slice(0, 200)}`).toBeLessThan(300);
      if (res.body.includes(MARK) || res.body.includes(aIds.promptId!)) sawMark++;
    }
    // The leak check above can fail: A's data is there to be leaked.
    expect(sawMark).toBeGreaterThanOrEqual(3);
  });
});
