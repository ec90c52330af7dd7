import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startsFormula } from '../src/features/exports/csv.js';
import { collect, shopSite } from './helpers/collect.js';
import { response } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const HOSTILE = [
  '=cmd|" /C calc"!A0',
  '+SUM(1+1)',
  '-2+3',
  '@IMPORTXML("x")',
  '\tindented',
  'line one\r\nline two',
  'she said "no", twice',
  'plain, with a comma',
  '😀 ünïcödé',
  'a;=1+1',
  ' =1+1',
  '＝1+1',
  '\u200B=1+1',
];
const TOTAL = 3000;

/** RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  expect(cell).toBe('');
  return rows;
}

describe('response exports', () => {
  let t: TestApp;
  let secret: string;
  beforeAll(async () => {
    t = await createTestApp();
    const site = shopSite(t.app);
    secret = site.secretKey;
    const now = Date.now();
    const events = Array.from({ length: TOTAL }, (_, i) =>
      response(randomUUID(), i % 11, {
        ts: now - i * 1000,
        sessionId: `s${i % 97}`,
        comment: HOSTILE[i % HOSTILE.length]!,
      }),
    );
    for (let i = 0; i < events.length; i += 100) {
      const res = await collect(t.app, { key: site.publicKey, events: events.slice(i, i + 100) });
      expect(res.json().accepted).toBe(100);
    }
  }, 60_000);
  afterAll(() => t.close());

  const get = (url: string) => t.app.inject({ url, headers: { authorization: `Bearer ${secret}` } });

  async function listAll(query = ''): Promise<{ id: string; comment: string }[]> {
    const out = [];
    let cursor: string | null = null;
    do {
      const page: { responses: { id: string; comment: string }[]; nextCursor: string | null } = (
        await get(`/v1/responses?limit=200${query}${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      out.push(...page.responses);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  it('streams every response as CSV that parses back to the same rows, formulas defused', async () => {
    const res = await get('/v1/responses.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="responses-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = parseCsv(res.body);
    expect(header!.slice(0, 7)).toEqual(['id', 'created_at', 'prompt_id', 'kind', 'score', 'segment', 'comment']);
    expect(rows).toHaveLength(TOTAL);
    const listed = await listAll();
    expect(rows.map((r) => r[0])).toEqual(listed.map((r) => r.id));
    const comments = new Map(listed.map((r) => [r.id, r.comment]));
    for (const r of rows) {
      const original = comments.get(r[0]!)!;
      const cell = r[6]!;
      if (startsFormula(original)) expect(cell).toBe(`'${original}`);
      else expect(cell).toBe(original);
      for (const c of r) expect(startsFormula(c) && !c.startsWith("'"), c).toBe(false);
    }
  });

  it('streams NDJSON: one list item per line, same filters', async () => {
    const res = await get('/v1/responses.ndjson?segment=detractor&hasComment=true');
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    const lines = res.body.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l))).toEqual(await listAll('&segment=detractor&hasComment=true'));
    expect(lines.length).toBe([...Array(TOTAL).keys()].filter((i) => i % 11 <= 6).length);
  });

  it('paginates without gaps or repeats, and filters like the exports', async () => {
    const all = await listAll();
    expect(new Set(all.map((r) => r.id)).size).toBe(TOTAL);
    const promoters = await listAll('&kind=nps&scoreMin=9');
    expect(promoters.length).toBe([...Array(TOTAL).keys()].filter((i) => i % 11 >= 9).length);
    const empty = (await get('/v1/responses.csv?status=resolved')).body;
    expect(empty.split('\r\n')).toEqual([expect.stringMatching(/^"id","created_at"/), '']);
  });
});
