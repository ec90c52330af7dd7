import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const READ_ROUTES: [string, string][] = [
  ['get', '/v1/metrics/scores'],
  ['get', '/v1/metrics/pages'],
  ['get', '/v1/metrics/overview'],
  ['get', '/v1/metrics/timeseries'],
  ['get', '/v1/metrics/breakdown'],
  ['get', '/v1/responses'],
  ['get', '/v1/responses/{id}'],
  ['patch', '/v1/responses/{id}'],
  ['get', '/v1/responses.csv'],
  ['get', '/v1/responses.ndjson'],
  ['get', '/v1/errors'],
  ['get', '/v1/clicks'],
  ['get', '/v1/insights/friction'],
  ['get', '/v1/insights/journeys'],
  ['get', '/v1/insights/touchpoints'],
  ['get', '/v1/metrics/retention'],
];

type Op = {
  security?: unknown;
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
  parameters?: { name: string; in: string }[];
};

describe('read API in the OpenAPI document', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Op>>;
  beforeAll(async () => {
    t = await createTestApp();
    paths = (await t.app.inject({ url: '/openapi.json' })).json().paths;
  });
  afterAll(() => t.close());

  it.each(READ_ROUTES)('%s %s is documented with the secret-key lock, errors and an example', (method, p) => {
    const op = paths[p]?.[method];
    expect(op, `${method} ${p}`).toBeDefined();
    // The reads a shared link's view shows also take that view's cookie (with ?share=).
    const shared = [
      '/v1/metrics/overview',
      '/v1/metrics/timeseries',
      '/v1/metrics/breakdown',
      '/v1/metrics/pages',
      '/v1/metrics/scores',
      '/v1/insights/friction',
      '/v1/insights/journeys',
      '/v1/insights/touchpoints',
      '/v1/metrics/retention',
    ];
    expect(op!.security).toEqual([
      { secretKey: [] },
      { sessionCookie: [] },
      ...(shared.includes(p) ? [{ shareCookie: [] }] : []),
    ]);
    if (shared.includes(p))
      expect(
        op!.parameters?.some((q) => q.in === 'query' && q.name === 'share'),
        'documents ?share=',
      ).toBe(true);
    expect(
      op!.parameters?.some((q) => q.in === 'query' && q.name === 'site'),
      'documents ?site=',
    ).toBe(true);
    for (const status of ['400', '401', '403'])
      expect(Object.keys(op!.responses[status]?.content ?? {})).toEqual(['application/problem+json']);
    const ok = op!.responses['200']!.content!;
    const schema = Object.values(ok)[0]!.schema;
    if (!p.endsWith('.csv') && !p.endsWith('.ndjson')) expect(JSON.stringify(schema)).toMatch(/"example"|"\$ref"/);
  });

  it('documents the query parameters with their defaults', () => {
    const names = paths['/v1/metrics/scores']!.get!.parameters!.map((x) => x.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'kind',
        'from',
        'to',
        'tz',
        'interval',
        'prompt',
        'path',
        'device',
        'browser',
        'language',
        'groupBy',
      ]),
    );
  });

  it.each(['/v1/metrics/overview', '/v1/metrics/timeseries', '/v1/metrics/breakdown', '/v1/metrics/pages'])(
    '%s takes every segment filter and says what a path means for its figures',
    (p) => {
      const op = paths[p]!.get! as Op & { description?: string };
      expect(op.parameters!.map((x) => x.name)).toEqual(
        expect.arrayContaining(['path', 'device', 'browser', 'language']),
      );
      expect(op.description).toMatch(/path/);
    },
  );
});
