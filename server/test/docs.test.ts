import { overviewResponseSchema } from '@loupe/shared';
import { EVENT_TYPES } from '@loupe/shared/constants';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
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
      t = await apps.create(engine);
      const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/json');
      doc = res.json();
    });
    afterAll(() => t.close());

    it('is an OpenAPI 3 document listing the routes of every feature', () => {
      expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect(doc.info).toMatchObject({ title: 'Loupe API', version: expect.any(String) });
      for (const p of [
        '/healthz',
        '/v1/sites',
        '/v1/sites/{siteId}/rotate-secret',
        '/v1/site',
        '/widget.js',
        '/v1/collect',
      ]) {
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
      const used = new Set(
        Object.values(doc.paths).flatMap((item) => Object.values(item).flatMap((op) => op.tags ?? [])),
      );
      const declared = new Map((doc.tags ?? []).map((t) => [t.name, t.description ?? '']));
      expect([...used].filter((tag) => !declared.get(tag)).sort()).toEqual([]);
      expect([...declared.keys()].filter((tag) => !used.has(tag)).sort()).toEqual([]);
    });

    it('declares both bearer schemes and uses them on the guarded routes', () => {
      expect(doc.components.securitySchemes.adminToken).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(doc.components.securitySchemes.secretKey).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(doc.paths['/v1/sites']?.post?.security).toEqual([{ adminToken: [] }, { sessionCookie: [] }]);
      expect(doc.components.securitySchemes.sessionCookie).toMatchObject({
        type: 'apiKey',
        in: 'cookie',
        name: 'loupe_session',
      });
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

  type Json = Record<string, unknown>;
  interface Parameter {
    in: string;
    name: string;
    required?: boolean;
    example?: unknown;
    schema?: { example?: unknown };
  }

  /** Every `$ref` in a tree. */
  function refsIn(value: unknown, out: string[] = []): string[] {
    if (Array.isArray(value)) for (const v of value) refsIn(v, out);
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === '$ref' && typeof v === 'string') out.push(v);
        else refsIn(v, out);
      }
    }
    return out;
  }

  const componentName = (type: string) =>
    `${type
      .split('_')
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join('')}Event`;

  describe('OpenAPI: schemas, descriptions and examples', () => {
    let t: TestApp;
    let doc: {
      paths: Record<string, Record<string, Json>>;
      components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
    };
    const schemaOf = (p: string, method: string, status: string) =>
      Object.values(
        (doc.paths[p]![method]!.responses as Record<string, { content: Record<string, { schema: Json }> }>)[status]!
          .content,
      )[0]!.schema;
    beforeAll(async () => {
      t = await apps.create(engine);
      doc = (await t.app.inject({ url: '/openapi.json' })).json();
    });
    afterAll(() => t.close());
    afterEach(() => vi.useRealTimers());

    it('publishes every event schema as a described component, and a batch is made of them', () => {
      const names = EVENT_TYPES.map(componentName);
      for (const name of [...names, 'StackFrame']) {
        expect(doc.components.schemas[name], name).toMatchObject({ type: 'object', description: expect.any(String) });
      }
      expect(doc.components.schemas.ClickEvent).toMatchObject({
        properties: {
          kind: { description: expect.stringContaining('rage') },
          count: { description: 'Clicks in a rage burst' },
        },
      });
      const body = doc.paths['/v1/collect']!.post!.requestBody as { content: Record<string, { schema: Json }> };
      // What the widget sends (text/plain: no CORS preflight) and what API clients send.
      expect(Object.keys(body.content).sort()).toEqual(['application/json', 'text/plain']);
      for (const { schema } of Object.values(body.content)) {
        const events = (
          schema.properties as Record<string, { items: { oneOf: { $ref: string }[] }; description: string }>
        ).events!;
        expect(events.items.oneOf.map((o) => o.$ref)).toEqual(names.map((n) => `#/components/schemas/${n}`));
        expect(events.description).toContain('rejected');
      }
    });

    it('keeps the description of every field whose schema is a component (each figure of the overview)', () => {
      const properties = schemaOf('/v1/metrics/overview', 'get', '200').properties as Record<string, Json>;
      let described = 0;
      for (const [field, schema] of Object.entries(overviewResponseSchema.shape)) {
        const description = z.globalRegistry.get(schema)?.description;
        if (description === undefined) continue;
        described += 1;
        // The sample an answer was read from is no Change: its own description, inline.
        const change = field !== 'answersSampled';
        expect(properties[field], field).toMatchObject(
          change ? { description, allOf: [{ $ref: '#/components/schemas/Change' }] } : { description },
        );
      }
      expect(described).toBeGreaterThanOrEqual(10);
    });

    it('resolves every reference, uses every component, and names each once', () => {
      const { components, ...rest } = doc;
      const used = new Set(refsIn(rest).map((r) => r.replace('#/components/schemas/', '')));
      for (const r of refsIn(Object.values(components.schemas))) used.add(r.replace('#/components/schemas/', ''));
      expect([...used].filter((name) => !(name in components.schemas))).toEqual([]);
      expect(Object.keys(components.schemas).filter((name) => !used.has(name))).toEqual([]);
      expect(
        Object.keys(components.schemas).filter(
          (name) => name.endsWith('Input') && name.slice(0, -5) in components.schemas,
        ),
      ).toEqual([]);
    });

    it("offers the site's secret key first in Authorize, then the admin token, each labelled", () => {
      const schemes = doc.components.securitySchemes;
      expect(Object.keys(schemes)).toEqual(['secretKey', 'adminToken', 'sessionCookie', 'shareCookie']);
      expect(schemes.secretKey!.description).toMatch(/^\*\*Your site's secret key\*\*/);
      expect(schemes.adminToken!.description).toMatch(
        /^\*\*Instance admin token\*\* \(`LOUPE_ADMIN_TOKEN`\), only for the sites routes/,
      );
      expect((doc as unknown as { info: { description: string } }).info.description).toContain(
        'press Authorize and paste your site',
      );
    });

    it('gives from and to of every read route the last 30 days, as of when it is served; /docs shows the same', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.parse('2031-05-10T23:30:00Z'));
      const served = (await t.app.inject({ url: '/openapi.json' })).json();
      expect((await t.app.inject({ url: '/docs/json' })).json()).toEqual(served);
      let ranges = 0;
      for (const [p, item] of Object.entries(served.paths as typeof doc.paths)) {
        for (const [method, op] of Object.entries(item)) {
          const params = (op.parameters ?? []) as Parameter[];
          const from = params.find((q) => q.in === 'query' && q.name === 'from');
          const to = params.find((q) => q.in === 'query' && q.name === 'to');
          if (!from && !to) continue;
          ranges += 1;
          expect([from?.example, from?.schema?.example], `${method} ${p}`).toEqual(['2031-04-11', '2031-04-11']);
          expect([to?.example, to?.schema?.example], `${method} ${p}`).toEqual(['2031-05-10', '2031-05-10']);
        }
      }
      expect(ranges).toBeGreaterThanOrEqual(8);
      vi.setSystemTime(Date.parse('2031-06-01T00:00:00Z'));
      const later = (await t.app.inject({ url: '/openapi.json' })).json();
      expect(
        (later.paths['/v1/metrics/overview'].get.parameters as Parameter[]).find((q) => q.name === 'from')!.example,
      ).toBe('2031-05-03');
    });

    it('lets "Try it out" ask for everything: no optional query parameter but from, to and tz carries an example', () => {
      const filled = Object.entries(doc.paths).flatMap(([p, item]) =>
        Object.entries(item).flatMap(([method, op]) =>
          ((op.parameters ?? []) as Parameter[])
            .filter((q) => q.in === 'query' && !q.required && !['from', 'to', 'tz'].includes(q.name))
            .filter((q) => q.example !== undefined || q.schema?.example !== undefined)
            .map((q) => `${method} ${p} ?${q.name}`),
        ),
      );
      expect(filled).toEqual([]);
    });
  });
});
