import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

interface Operation {
  tags?: string[];
  summary?: string;
  security?: Record<string, string[]>[];
  responses?: Record<string, unknown>;
}
type OpenApi = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  tags?: { name: string; description?: string }[];
  components: { securitySchemes: Record<string, { type: string; scheme: string }> };
};

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);

describe('OpenAPI document and /docs', () => {
  let t: TestApp;
  let doc: OpenApi;
  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    doc = res.json();
  });
  afterAll(() => t.close());

  it('is an OpenAPI 3 document listing the routes of every feature', () => {
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: 'Loupe API', version: expect.any(String) });
    for (const p of ['/healthz', '/v1/sites', '/v1/sites/{siteId}/rotate-secret', '/v1/site', '/widget.js', '/v1/collect']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });

  it('gives every operation tags, a summary and documented responses', () => {
    const ops = Object.entries(doc.paths).flatMap(([p, item]) =>
      Object.entries(item)
        .filter(([m]) => METHODS.has(m))
        .map(([m, op]) => ({ where: `${m.toUpperCase()} ${p}`, op })),
    );
    expect(ops.length).toBeGreaterThan(5);
    const incomplete = ops.filter(({ op }) => !op.tags?.length || !op.summary || !op.responses);
    expect(incomplete.map((o) => o.where)).toEqual([]);
  });

  it('describes every tag an operation uses, and declares no tag nothing uses', () => {
    const used = new Set(Object.values(doc.paths).flatMap((item) => Object.values(item).flatMap((op) => op.tags ?? [])));
    const declared = new Map((doc.tags ?? []).map((t) => [t.name, t.description ?? '']));
    expect([...used].filter((tag) => !declared.get(tag)).sort()).toEqual([]);
    expect([...declared.keys()].filter((tag) => !used.has(tag)).sort()).toEqual([]);
  });

  it('declares both bearer schemes and uses them on the guarded routes', () => {
    expect(doc.components.securitySchemes.adminToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.secretKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.paths['/v1/sites']?.post?.security).toEqual([{ adminToken: [] }, { sessionCookie: [] }]);
    expect(doc.components.securitySchemes.sessionCookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'loupe_session' });
    expect(doc.paths['/v1/site']?.get?.security).toEqual([{ secretKey: [] }, { sessionCookie: [] }]);
    expect(doc.paths['/v1/auth/me']?.get?.security).toEqual([{ sessionCookie: [] }]);
  });

  it('documents problem+json error bodies', () => {
    const unauthorized = doc.paths['/v1/sites']?.post?.responses?.['401'] as { content: Record<string, unknown> };
    expect(Object.keys(unauthorized.content)).toEqual(['application/problem+json']);
  });

  it('leaves the docs machinery itself out of the document', () => {
    for (const p of Object.keys(doc.paths)) expect(p).not.toMatch(/^\/(docs|openapi\.json$)/);
  });

  it('serves the interactive docs page with local assets only', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('swagger-ui');
    const refs = [...res.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(2);
    for (const ref of refs) {
      expect(ref.startsWith('/docs/')).toBe(true);
      const asset = await t.app.inject({ method: 'GET', url: ref });
      expect(asset.statusCode, ref).toBe(200);
    }
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('answers an unknown docs asset with problem+json', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/static/nope.js' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
