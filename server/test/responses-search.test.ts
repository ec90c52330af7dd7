import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, shopSite } from './helpers/collect.js';
import { response } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Text search (`q`) over comments and notes, on the list and both exports: case and Unicode form
// do not matter, and the text is matched literally (no LIKE wildcards, nothing taken as SQL).

const COMMENTS = [
  'The coupon field ate my order',
  'COUPON code rejected twice',
  'Pakken var ØDELAGT ved levering',
  'pakken var ødelagt igen',
  // A decomposed é (e + U+0301) and a composed one.
  'Cafe\u0301 menu is lovely',
  'Café prices went up',
  'Không thể ĐẶT HÀNG trên điện thoại',
  '50% off was not applied',
  '500 off would be nice',
  'snake_case in the URL',
  'snakeXcase is not a word',
  'back\\slash in a path',
  "it's fine' OR 1=1 --",
  'Nothing to see here',
];

describe('GET /v1/responses?q= and the exports', () => {
  let t: TestApp;
  let secret: string;
  let otherSecret: string;
  /** Comment → response id, for the assertions. */
  const ids = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp();
    const site = shopSite(t.app);
    const other = shopSite(t.app);
    secret = site.secretKey;
    otherSecret = other.secretKey;
    const now = Date.now();
    const events = COMMENTS.map((comment, i) => {
      const id = randomUUID();
      ids.set(comment, id);
      return response(id, i % 11, { ts: now - i * 1000, sessionId: `s${i}`, comment });
    });
    // Answers without a comment, and another site's answer that would match: neither may appear.
    events.push(response(randomUUID(), 3, { ts: now - 60_000, sessionId: 'quiet' }));
    expect((await collect(t.app, { key: site.publicKey, events })).json().accepted).toBe(events.length);
    const foreign = [response(randomUUID(), 1, { comment: 'coupon on another site' })];
    expect((await collect(t.app, { key: other.publicKey, events: foreign })).json().accepted).toBe(1);
  }, 30_000);
  afterAll(() => t.close());

  const get = (url: string, key = secret) => t.app.inject({ url, headers: { authorization: `Bearer ${key}` } });
  async function search(q: string, more = ''): Promise<string[]> {
    const res = await get(`/v1/responses?q=${encodeURIComponent(q)}${more}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().responses as { comment: string }[]).map((r) => r.comment);
  }

  it('finds comments whatever their case, newest first, on this site only', async () => {
    expect(await search('coupon')).toEqual(['The coupon field ate my order', 'COUPON code rejected twice']);
    expect(await search('CoUpOn')).toEqual(['The coupon field ate my order', 'COUPON code rejected twice']);
    const foreign = await get('/v1/responses?q=coupon', otherSecret);
    expect(foreign.json().responses.map((r: { comment: string }) => r.comment)).toEqual(['coupon on another site']);
  });

  it('folds case beyond ASCII and compares Unicode forms alike', async () => {
    expect(await search('ødelagt')).toEqual(['Pakken var ØDELAGT ved levering', 'pakken var ødelagt igen']);
    expect(await search('ØDELAGT')).toEqual(['Pakken var ØDELAGT ved levering', 'pakken var ødelagt igen']);
    expect(await search('đặt hàng')).toEqual(['Không thể ĐẶT HÀNG trên điện thoại']);
    // Composed é finds the decomposed one and the other way round.
    expect(await search('café')).toEqual(['Cafe\u0301 menu is lovely', 'Café prices went up']);
    expect(await search('CAFE\u0301')).toEqual(['Cafe\u0301 menu is lovely', 'Café prices went up']);
  });

  it('takes %, _, backslashes and quotes literally: no wildcard, nothing read as SQL', async () => {
    expect(await search('50%')).toEqual(['50% off was not applied']);
    expect(await search('%')).toEqual(['50% off was not applied']);
    expect(await search('snake_case')).toEqual(['snake_case in the URL']);
    expect(await search('_')).toEqual(['snake_case in the URL']);
    expect(await search('back\\slash')).toEqual(['back\\slash in a path']);
    expect(await search("' OR 1=1 --")).toEqual(["it's fine' OR 1=1 --"]);
    expect(await search("x') OR 1=1 --")).toEqual([]);
    expect(await search('"; DROP TABLE responses; --')).toEqual([]);
    // Still all there.
    expect((await get('/v1/responses?limit=200')).json().responses).toHaveLength(COMMENTS.length + 1);
  });

  it('combines with the other filters and pages with the cursor', async () => {
    expect(await search('coupon', '&scoreMin=1')).toEqual(['COUPON code rejected twice']);
    const first = (await get('/v1/responses?q=o&limit=2')).json();
    expect(first.responses).toHaveLength(2);
    const rest: string[] = [];
    let cursor: string | null = first.nextCursor;
    while (cursor) {
      const page = (await get(`/v1/responses?q=o&limit=2&cursor=${cursor}`)).json();
      rest.push(...page.responses.map((r: { comment: string }) => r.comment));
      cursor = page.nextCursor;
    }
    const all = [...first.responses.map((r: { comment: string }) => r.comment), ...rest];
    expect(all).toEqual(COMMENTS.filter((c) => c.toLowerCase().includes('o')));
  });

  it('finds the internal note too', async () => {
    const id = ids.get('Nothing to see here')!;
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/v1/responses/${id}`,
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      payload: { note: 'Refunded via ticket ZX-41' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(await search('zx-41')).toEqual(['Nothing to see here']);
  });

  it('an empty or blank q is no search; surrounding spaces do not count', async () => {
    const all = (await get('/v1/responses?limit=200')).json().responses;
    expect((await get('/v1/responses?limit=200&q=')).json().responses).toEqual(all);
    expect((await get('/v1/responses?limit=200&q=%20%20')).json().responses).toEqual(all);
    expect(await search('  coupon  ')).toEqual(['The coupon field ate my order', 'COUPON code rejected twice']);
  });

  it('a q longer than 200 characters is a 400 problem naming q', async () => {
    const res = await get(`/v1/responses?q=${'a'.repeat(201)}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(res.json())).toContain('q');
    expect((await get(`/v1/responses.csv?q=${'a'.repeat(201)}`)).statusCode).toBe(400);
  });

  it('the CSV and NDJSON exports take the same search', async () => {
    const nd = await get(`/v1/responses.ndjson?q=${encodeURIComponent('ØDELAGT')}`);
    expect(nd.statusCode).toBe(200);
    const lines = nd.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { comment: string });
    expect(lines.map((l) => l.comment)).toEqual(['Pakken var ØDELAGT ved levering', 'pakken var ødelagt igen']);
    const csv = await get('/v1/responses.csv?q=_');
    expect(csv.statusCode).toBe(200);
    const rows = csv.body.split('\r\n').filter(Boolean);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('snake_case in the URL');
  });
});
