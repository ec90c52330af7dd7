import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopSite } from './helpers/collect.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Bad query strings are 400 problem+json naming the parameter, never a 500 or a silent default.

const CASES: [string, string][] = [
  ['/v1/metrics/scores', 'querystring.kind'],
  ['/v1/metrics/scores?kind=promoters', 'querystring.kind'],
  ['/v1/metrics/scores?kind=nps&tz=Mars/Olympus_Mons', 'querystring.tz'],
  ['/v1/metrics/scores?kind=nps&tz=', 'querystring.tz'],
  ['/v1/metrics/scores?kind=nps&from=2024-03-10&to=2024-03-01', 'querystring.from'],
  ['/v1/metrics/scores?kind=nps&from=2020-01-01&to=2024-01-01', 'querystring.to'],
  ['/v1/metrics/scores?kind=nps&from=2024-01-01&to=2025-06-01', 'querystring.interval'],
  ['/v1/metrics/scores?kind=nps&from=yesterday', 'querystring.from'],
  ['/v1/metrics/scores?kind=nps&interval=hour', 'querystring.interval'],
  ['/v1/metrics/scores?kind=nps&groupBy=os', 'querystring.groupBy'],
  ['/v1/metrics/scores?kind=nps&grupBy=path', 'querystring'],
  ['/v1/metrics/pages?limit=0', 'querystring.limit'],
  ['/v1/metrics/pages?sort=bounce', 'querystring.sort'],
  ['/v1/metrics/pages?device=fridge', 'querystring.device'],
  ['/v1/metrics/overview?from=2024-02-30', 'querystring.from'],
  // Years outside 1970-2999 are typos ('0026' for 2026), not 26 AD, nor the 1926 Date.UTC made of it.
  ['/v1/metrics/overview?from=0026-12-01&to=0027-01-31', 'querystring.from'],
  ['/v1/metrics/overview?from=0026-12-01T00:00Z&to=0027-01-31T00:00Z', 'querystring.from'],
  ['/v1/metrics/overview?from=2026-12-01&to=0027-01-31T10:00', 'querystring.to'],
  ['/v1/metrics/overview?from=1969-12-01&to=1969-12-31', 'querystring.from'],
  ['/v1/metrics/overview?from=3000-01-01&to=3000-01-31', 'querystring.from'],
  ['/v1/responses.csv?from=0026-12-01&to=0026-12-31', 'querystring.from'],
  ['/v1/metrics/overview?device=fridge', 'querystring.device'],
  ['/v1/metrics/overview?path=checkout', 'querystring.path'],
  [`/v1/metrics/overview?browser=${'x'.repeat(65)}`, 'querystring.browser'],
  [`/v1/metrics/overview?language=${'x'.repeat(36)}`, 'querystring.language'],
  ['/v1/errors?trait.plan=pro', 'querystring'],
  ['/v1/metrics/timeseries?interval=minute', 'querystring.interval'],
  ['/v1/metrics/timeseries?interval=hour&from=2024-03-01&to=2024-03-09', 'querystring.interval'],
  ['/v1/metrics/timeseries?interval=day&from=2024-01-01&to=2025-06-01', 'querystring.interval'],
  ['/v1/metrics/timeseries?from=2024-03-02&to=2024-03-01', 'querystring.from'],
  ['/v1/metrics/timeseries?tz=Nowhere/Atlantis', 'querystring.tz'],
  ['/v1/metrics/breakdown', 'querystring.by'],
  ['/v1/metrics/breakdown?by=os', 'querystring.by'],
  ['/v1/metrics/breakdown?by=browser&sort=bounce', 'querystring.sort'],
  ['/v1/metrics/breakdown?by=browser&limit=501', 'querystring.limit'],
  ['/v1/metrics/breakdown?by=browser&device=toaster', 'querystring.device'],
  ['/v1/metrics/pages?browser=', 'querystring.browser'],
  ['/v1/errors?browser=safari', 'querystring'],
  ['/v1/clicks?language=de', 'querystring'],
  ['/v1/responses?cursor=not-a-cursor', 'querystring.cursor'],
  ['/v1/responses?limit=201', 'querystring.limit'],
  ['/v1/responses?scoreMin=8&scoreMax=3', 'querystring.scoreMin'],
  ['/v1/responses?scoreMin=eleven', 'querystring.scoreMin'],
  ['/v1/responses?hasComment=maybe', 'querystring.hasComment'],
  ['/v1/responses?segment=fan', 'querystring.segment'],
  ['/v1/responses.csv?from=2024-03-10&to=2024-03-01', 'querystring.from'],
  ['/v1/errors?sort=newest', 'querystring.sort'],
  ['/v1/errors?interval=minute', 'querystring.interval'],
  ['/v1/errors?interval=hour&from=2024-03-01&to=2024-03-20', 'querystring.interval'],
  ['/v1/clicks?kind=hover', 'querystring.kind'],
  ['/v1/insights/friction?minResponses=0', 'querystring.minResponses'],
];

describe('read API validation', () => {
  let t: TestApp;
  let secret: string;
  beforeAll(async () => {
    t = await createTestApp();
    secret = shopSite(t.app).secretKey;
  });
  afterAll(() => t.close());

  it.each(CASES)('%s → 400 on %s', async (url, path) => {
    const res = await t.app.inject({ url, headers: { authorization: `Bearer ${secret}` } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e: { path: string }) => e.path).join(' ')).toContain(path);
  });

  it('rejects PATCH bodies that change nothing, have unknown members or an over-long note', async () => {
    for (const payload of [{}, { status: 'closed' }, { note: 'x'.repeat(2001) }, { status: 'resolved', score: 10 }]) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: '/v1/responses/abc',
        headers: { authorization: `Bearer ${secret}` },
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
  });
});
