import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, shopSite } from './helpers/collect.js';
import { pageview, response } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Request bodies are UTF-8 JSON, sent as they are: anything else is a 415 that says what was
// sent; text is stored as well-formed UTF-8 whatever escapes the JSON held; and errors raised by
// Node's HTTP parser before Fastify sees the request are problem+json too.

const ADMIN = { authorization: 'Bearer test-admin-token-0123456789' };
let t: TestApp;
let site: ReturnType<typeof shopSite>;
beforeAll(async () => {
  t = await createTestApp();
  site = shopSite(t.app);
});
afterAll(() => t.close());

const batch = () => JSON.stringify({ key: site.publicKey, events: [pageview()] });

function expect415(res: Awaited<ReturnType<typeof collect>>, says: string) {
  expect(res.statusCode, res.body).toBe(415);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.json().code).toBe('unsupported_media_type');
  expect(res.json().detail).toContain(says);
}

describe('content types, charsets and encodings', () => {
  it.each(['deflate', 'gzip', 'br', 'identity', 'x-custom'])(
    'Content-Encoding: %s on /v1/collect → 415',
    async (encoding) => {
      expect415(await collect(t.app, batch(), { 'content-encoding': encoding }), `Content-Encoding ${encoding}`);
    },
  );

  it('Content-Encoding on the management API → 415 too', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: { ...ADMIN, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: JSON.stringify({ name: 'x', origins: [] }),
    });
    expect415(res, 'Content-Encoding gzip');
  });

  it.each([
    'text/plain; charset=iso-8859-1',
    'text/plain;charset=windows-1252',
    'application/json; charset=utf-16',
    'application/json; charset="latin1"',
  ])('%s → 415 naming the charset', async (type) => {
    expect415(await collect(t.app, batch(), { 'content-type': type }), `Content-Type ${type}`);
  });

  it.each([
    'text/plain',
    'text/plain;charset=UTF-8',
    'application/json; charset=utf-8',
    'application/json; charset="utf-8"',
    'text/plain; charset=utf8',
  ])('%s is accepted', async (type) => {
    expect((await collect(t.app, batch(), { 'content-type': type })).statusCode).toBe(202);
  });

  it('a type that is not accepted is named as sent, in the ingest scope and elsewhere', async () => {
    expect415(await collect(t.app, batch(), { 'content-type': 'text/xml' }), 'Content-Type text/xml is not accepted');
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: { ...ADMIN, 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect415(res, 'Content-Type application/xml is not accepted');
  });
});

/** Every TEXT value of every table as stored bytes: no NUL and no UTF-16 surrogate half (ED A0..BF). */
function invalidStoredText(): string[] {
  const sqlite = t.app.db.$client;
  const bad: string[] = [];
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  for (const table of tables) {
    const columns = sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[];
    for (const column of columns) {
      const rows = sqlite
        .prepare(`SELECT hex("${column}") FROM "${table}" WHERE typeof("${column}") = 'text'`)
        .pluck()
        .all() as string[];
      for (const hex of rows) {
        const bytes = Buffer.from(hex, 'hex');
        const surrogate = bytes.some(
          (b, i) => b === 0xed && (bytes[i + 1] ?? 0) >= 0xa0 && (bytes[i + 1] ?? 0) <= 0xbf,
        );
        if (bytes.includes(0) || surrogate) bad.push(`${table}.${column}: ${hex}`);
      }
    }
  }
  return bad;
}

describe('text is stored as well-formed UTF-8', () => {
  it('NUL and lone surrogates from JSON escapes become U+FFFD, in events, answers, prompts, sites and notes', async () => {
    // Raw JSON text, so the escapes reach the server exactly as a hostile or buggy client sends them.
    const hostile = (s: string) =>
      s
        .replace('NUL', '\\u0000')
        .replace('HIGH', '\\ud800')
        .replace('LOW', '\\udc00')
        .replace('PAIR', '\\ud83d\\ude00');
    const display = randomUUID();
    const events = [
      { ...pageview({ sessionId: 'sNULx', path: '/pHIGH' }), url: 'https://shop.example/pHIGH' },
      { ...pageview({ sessionId: 'sLOWy' }), visitorId: 'vNUL' },
      { ...response(display, 9, { comment: 'great HIGH LOW NUL 😀 PAIR' }) },
      { ...pageview(), type: 'track', name: 'buyNUL', props: { kNUL: 'vHIGH' } },
    ];
    const raw = hostile(hostile(hostile(JSON.stringify({ key: site.publicKey, events }))));
    const res = await collect(t.app, raw);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ accepted: 4, rejected: [] });

    const prompt = await t.app.inject({
      method: 'POST',
      url: '/v1/prompts',
      headers: { authorization: `Bearer ${site.secretKey}`, 'content-type': 'application/json' },
      payload: hostile('{"name":"NPS NUL","kind":"nps","texts":{"en":{"question":"How likely HIGH?"}}}'),
    });
    expect(prompt.statusCode, prompt.body).toBe(201);
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/sites',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      payload: hostile('{"name":"Shop LOW NUL","origins":[]}'),
    });
    expect(created.statusCode, created.body).toBe(201);
    const answer = t.app.db.$client
      .prepare('SELECT display_id FROM responses WHERE site_id = ?')
      .pluck()
      .get(site.siteId) as string;
    const note = await t.app.inject({
      method: 'PATCH',
      url: `/v1/responses/${answer}`,
      headers: { authorization: `Bearer ${site.secretKey}`, 'content-type': 'application/json' },
      payload: hostile('{"status":"resolved","note":"called NUL HIGH"}'),
    });
    expect(note.statusCode, note.body).toBe(200);

    expect(invalidStoredText()).toEqual([]);
    // Replaced, not dropped: what was there stays visible, and a real pair (the emoji) is kept.
    const comment = t.app.db.$client
      .prepare('SELECT comment FROM responses WHERE site_id = ?')
      .pluck()
      .get(site.siteId);
    expect(comment).toBe('great \uFFFD \uFFFD \uFFFD 😀 😀');
    expect(t.app.db.$client.prepare("SELECT count(*) FROM events WHERE session_id = 's\uFFFDx'").pluck().get()).toBe(1);
  });
});

describe("errors of Node's HTTP parser", () => {
  let port: number;
  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as net.AddressInfo).port;
  });

  /** Sends raw bytes and resolves with everything the server answers before it closes. */
  function raw(request: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (d) => (answer += d.toString()));
      socket.on('close', () => resolve(answer));
      socket.on('error', reject);
      socket.end(request);
    });
  }

  function problem(answer: string, status: number, code: string) {
    const [head, body] = answer.split('\r\n\r\n');
    expect(head, answer).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(head).toMatch(/\r\ncontent-type: application\/problem\+json/i);
    expect(head).toMatch(/\r\nx-content-type-options: nosniff/i);
    const doc = JSON.parse(body!) as { status: number; code: string; type: string; title: string };
    expect(doc).toMatchObject({ status, code, type: `https://loupe.dev/problems/${code}` });
    expect(Buffer.byteLength(body!)).toBe(Number(/\r\ncontent-length: (\d+)/i.exec(head!)?.[1]));
  }

  it('headers over the limit → 431 problem+json', async () => {
    problem(
      await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
      431,
      'headers_too_large',
    );
  });

  it('bad framing (a broken chunk, Content-Length with chunked, a bad request line) → 400 problem+json', async () => {
    problem(
      await raw('POST /v1/collect HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'),
      400,
      'malformed_request',
    );
    problem(
      await raw(
        'POST /v1/collect HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      ),
      400,
      'malformed_request',
    );
    problem(await raw('GARBAGE\r\n\r\n'), 400, 'malformed_request');
  });
});
