import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PARAM_LENGTH } from '../src/plugins/error-handler.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';
import { type ApiRoute, apiRoutes, routeUrl } from './security-support/api-routes.js';
import { ADMIN_TOKEN, siteWithPrompt } from './security-support/fixture-sites.js';
import { applyRaw, hostileQueryValue, hostileValue, mutateAt, rawMutation } from './security-support/hostile-values.js';
import { sampleFromSchema } from './security-support/sample-from-schema.js';

// Every route (read from /openapi.json) gets bodies generated from its own schema
// and mutated (wrong types, huge strings, deep nesting, invalid UTF-8, __proto__/constructor keys,
// 10k-key objects, truncated JSON, wrong content types), hostile query strings and path params.
// Figure: 0 answers ≥ 500, every error problem+json, Object.prototype untouched, memory bounded.

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

let t: TestApp;
let routes: ApiRoute[];
const params: Record<string, string> = {};
let credentials: Record<ApiRoute['access'], string | undefined>;
let publicKey: string;
const stats = { requests: 0, fiveHundreds: 0, notProblemJson: 0, maxStatus: 0, rateLimited: 0 };
const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort().join();

beforeAll(async () => {
  t = await createTestApp({
    LOUPE_ADMIN_TOKEN: ADMIN_TOKEN,
    LOUPE_RATE_LIMIT_MAX: '1000000',
    LOUPE_API_RATE_LIMIT_MAX: '1000000',
    LOUPE_LINK_RATE_LIMIT_MAX: '1000000',
  });
  const { site, promptId } = await siteWithPrompt(t.app, 'Fuzz');
  publicKey = site.publicKey;
  Object.assign(params, { promptId, siteId: site.siteId, id: 'rsp_missing', file: 'prompt.js' });
  credentials = { public: undefined, admin: ADMIN_TOKEN, secret: site.secretKey };
  routes = await apiRoutes(t.app);
});
afterAll(async () => {
  console.log(
    `FIGURE fuzz: routes=${routes.length}, requests=${stats.requests}, responses>=500=${stats.fiveHundreds}, ` +
      `errors-not-problem+json=${stats.notProblemJson}, rate-limited=${stats.rateLimited}, prototype-polluted=${protoBefore !== Object.getOwnPropertyNames(Object.prototype).sort().join()}, ` +
      `rss-mb=${Math.round(process.memoryUsage().rss / 2 ** 20)}`,
  );
  await t.close();
});

async function send(
  route: ApiRoute,
  url: string,
  body: { payload: Buffer; contentType: string | undefined } | undefined,
) {
  const token = credentials[route.access];
  const headers: Record<string, string> = { origin: 'https://shop.example' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body?.contentType !== undefined) headers['content-type'] = body.contentType;
  const res = await t.app.inject({ method: route.method, url, headers, ...(body ? { payload: body.payload } : {}) });
  stats.requests++;
  stats.maxStatus = Math.max(stats.maxStatus, res.statusCode);
  if (res.statusCode >= 500) stats.fiveHundreds++;
  if (res.statusCode === 429) stats.rateLimited++;
  const problem = String(res.headers['content-type'] ?? '').startsWith('application/problem+json');
  if (res.statusCode >= 400 && !problem) stats.notProblemJson++;
  // Fail with the request in the message, so a counterexample is reproducible.
  const where = `${route.method} ${url.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  expect(res.statusCode, where).toBeLessThan(500);
  if (res.statusCode >= 400) expect(res.headers['content-type'], where).toMatch(/^application\/problem\+json/);
  expect(({} as Record<string, unknown>).polluted, where).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort().join(), where).toBe(protoBefore);
}

/** The route's own valid-looking body; collect gets the real public key so mutations reach validation of events. */
function baseBody(route: ApiRoute): unknown {
  const body = sampleFromSchema(route.bodySchema);
  if (body && typeof body === 'object' && 'key' in body) (body as { key: string }).key = publicKey;
  return body;
}

describe('fuzzing every route', () => {
  it('finds routes of every access class in /openapi.json', () => {
    const classes = new Set(routes.map((r) => r.access));
    expect([...classes].sort()).toEqual(['admin', 'public', 'secret']);
    expect(routes.length).toBeGreaterThan(20);
  });

  it('answers mutated bodies, hostile query strings and path params without a 5xx', { timeout: 300_000 }, async () => {
    for (const route of routes) {
      const arb = fc.record({
        pick: fc.double({ min: 0, max: 0.9999, noNaN: true }),
        value: hostileValue,
        raw: rawMutation,
        query: fc.array(
          fc.tuple(fc.constantFrom(...(route.queryParams.length ? route.queryParams : ['q'])), hostileQueryValue),
          { maxLength: 4 },
        ),
        pathValue: fc.option(hostileQueryValue.map(decodeURIComponentSafe), { freq: 3 }),
      });
      const result = await fc.check(
        fc.asyncProperty(arb, async ({ pick, value, raw, query, pathValue }) => {
          const path = pathValue === null ? params : Object.fromEntries(route.pathParams.map((p) => [p, pathValue]));
          const url = routeUrl(route, path, query.map(([k, v]) => `${k}=${v}`).join('&'));
          const hasBody = route.bodySchema !== undefined;
          const body = hasBody ? applyRaw(JSON.stringify(mutateAt(baseBody(route), pick, value)), raw) : undefined;
          await send(route, url, body);
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 7) },
      );
      // fast-check's own report prints the whole counterexample (10k keys, 200 kB strings): keep it short.
      if (result.failed) {
        const cause =
          result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
        throw new Error(
          `${route.method} ${route.path} failed (seed ${result.seed}, path ${result.counterexamplePath}): ${cause.slice(0, 1500)}`,
        );
      }
    }
    expect(stats.fiveHundreds).toBe(0);
    // The fuzz must reach the routes, not the rate limiter (its budgets are raised above).
    expect(stats.rateLimited).toBe(0);
  });

  it('answers router errors (over-long path parameter, bad percent-encoding) with problem+json', async () => {
    const withParam = routes.filter((r) => r.pathParams.length > 0);
    expect(withParam.length).toBeGreaterThan(0);
    for (const route of withParam) {
      await send(
        route,
        routeUrl(route, Object.fromEntries(route.pathParams.map((p) => [p, 'x'.repeat(MAX_PARAM_LENGTH + 1)]))),
        undefined,
      );
      await send(route, route.path.replace(/\{\w+\}/g, '%E0%A4%A'), undefined);
    }
  });

  it('survives a body at the size limit and one past it on every body route', { timeout: 60_000 }, async () => {
    for (const route of routes.filter((r) => r.bodySchema)) {
      for (const size of [64 * 1024, 1024 * 1024 + 1]) {
        const body = JSON.stringify(mutateAt(baseBody(route), 0.99, 'y'.repeat(size)));
        await send(route, routeUrl(route, params), { payload: Buffer.from(body), contentType: 'application/json' });
      }
    }
  });

  it('keeps memory bounded after the whole run', () => {
    // Generous: the fuzz run keeps no state, so the heap must not hold on to the 10k-key bodies.
    expect(process.memoryUsage().heapUsed).toBeLessThan(1024 * 2 ** 20);
  });
});

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
