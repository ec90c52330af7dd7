import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { SiteWithSecret } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createSiteAsAdmin } from './helpers/accounts.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Management routes authenticate before they read a body: an unauthenticated caller gets 401, not a
// detailed 400, and costs the server no parsing. Bodies are bounded per route, and the routes are
// rate-limited per address before credentials are checked.

const MANAGEMENT = [
  { method: 'POST', url: '/v1/prompts' },
  { method: 'PUT', url: '/v1/prompts/pr_x' },
  { method: 'PATCH', url: '/v1/prompts/pr_x' },
  { method: 'PUT', url: '/v1/prompt-settings' },
  { method: 'PATCH', url: '/v1/responses/r1' },
  { method: 'POST', url: '/v1/sites' },
  { method: 'PATCH', url: '/v1/sites/site_x' },
  { method: 'POST', url: '/v1/sites/site_x/origins' },
] as const;

/** Deeply nested JSON of about `bytes` bytes: costly to parse, and invalid for every schema. */
const nested = (bytes: number) => '['.repeat(bytes / 2) + ']'.repeat(bytes / 2);

describe('authentication before the body', () => {
  let t: TestApp;
  let site: SiteWithSecret;
  beforeAll(async () => {
    t = await createTestApp({ LOUPE_ADMIN_TOKEN: ADMIN });
    site = await createSiteAsAdmin(t.app, 'Shop');
  });
  afterAll(() => t.close());

  it.each(MANAGEMENT)(
    '$method $url without credentials: 401 for malformed, nested or oversized bodies',
    async ({ method, url }) => {
      for (const payload of ['{"name":', nested(64 * 1024), nested(1024 * 1024)]) {
        const res = await t.app.inject({ method, url, headers: { 'content-type': 'application/json' }, payload });
        expect(res.statusCode, `${method} ${url} ${payload.length} bytes`).toBe(401);
        expect(res.json().code).toBe('unauthorized');
        expect(res.json().errors).toBeUndefined(); // nothing about the body
      }
      const wrongKey = await t.app.inject({
        method,
        url,
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk_nope' },
        payload: '{"name":',
      });
      expect(wrongKey.statusCode).toBe(401);
    },
  );

  it('answers 401 while the body is still arriving: it is never read, let alone parsed', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    for (const { method, url } of MANAGEMENT) {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.on('data', (d) => (answer += d.toString()));
      // Announce 1 MiB and send 1 KiB of it: a server that reads before it authenticates waits here.
      socket.write(
        `${method} ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${1024 * 1024}\r\n\r\n`,
      );
      socket.write('['.repeat(1024));
      const status = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${method} ${url}: no answer while the body was incomplete`)),
          5000,
        );
        socket.on('data', () => {
          const line = /^HTTP\/1\.1 (\d{3})/.exec(answer);
          if (line) {
            clearTimeout(timer);
            resolve(line[1]!);
          }
        });
      });
      socket.destroy();
      expect(status, `${method} ${url}`).toBe('401');
    }
  });

  it('with credentials, bodies are bounded per route: 413 over the limit, naming it', async () => {
    const auth = { authorization: `Bearer ${site.secretKey}`, 'content-type': 'application/json' };
    const bigPrompt = JSON.stringify({ name: 'x'.repeat(70 * 1024), kind: 'nps', texts: { en: { question: 'Q?' } } });
    const prompt = await t.app.inject({ method: 'POST', url: '/v1/prompts', headers: auth, payload: bigPrompt });
    expect(prompt.statusCode).toBe(413);
    expect(prompt.json()).toMatchObject({ code: 'body_too_large', detail: 'The body limit is 65536 bytes.' });
    const settings = await t.app.inject({
      method: 'PUT',
      url: '/v1/prompt-settings',
      headers: auth,
      payload: JSON.stringify({ globalCooldownDays: 1, pad: 'x'.repeat(5000) }),
    });
    expect(settings.json()).toMatchObject({ code: 'body_too_large', detail: 'The body limit is 4096 bytes.' });
    const note = await t.app.inject({
      method: 'PATCH',
      url: '/v1/responses/r1',
      headers: auth,
      payload: JSON.stringify({ note: 'x'.repeat(17 * 1024) }),
    });
    expect(note.json()).toMatchObject({ code: 'body_too_large', detail: 'The body limit is 16384 bytes.' });
    const login = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.example', password: 'x'.repeat(5000) }),
    });
    expect(login.json()).toMatchObject({ code: 'body_too_large', detail: 'The body limit is 4096 bytes.' });
    // A realistic large prompt (texts in 20 languages, 50 URL rules) still fits.
    const texts = Object.fromEntries(
      [
        'en',
        'da',
        'vi',
        'th',
        'de',
        'fr',
        'es',
        'it',
        'nl',
        'sv',
        'nb',
        'fi',
        'pl',
        'pt',
        'ja',
        'ko',
        'zh',
        'ar',
        'he',
        'tr',
      ].map((l) => [
        l,
        {
          question: `How likely are you to recommend us? (${l}) `.repeat(8).trim(),
          thanks: 'Thank you for your answer, it helps us a lot.',
        },
      ]),
    );
    const pages = Array.from({ length: 50 }, (_, i) => ({ match: 'prefix', value: `/products/category-${i}/` }));
    const big = await t.app.inject({
      method: 'POST',
      url: '/v1/prompts',
      headers: auth,
      payload: JSON.stringify({
        name: 'Big',
        kind: 'nps',
        defaultLanguage: 'en',
        texts,
        targeting: { include: pages },
      }),
    });
    expect(big.statusCode, big.body.slice(0, 300)).toBe(201);
  });
});

describe('rate limit of the API routes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOUPE_ADMIN_TOKEN: ADMIN, LOUPE_API_RATE_LIMIT_MAX: '5' });
  });
  afterAll(() => t.close());

  it('counts every API request per address, before credentials, and answers 429 with Retry-After', async () => {
    const hit = (ip: string, url = '/v1/prompts') =>
      t.app.inject({ method: 'POST', url, remoteAddress: ip, payload: {} });
    for (let i = 0; i < 5; i++) expect((await hit('203.0.113.1')).statusCode).toBe(401);
    const limited = await hit('203.0.113.1', '/v1/auth/login'); // one budget across routes
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await hit('203.0.113.2')).statusCode).toBe(401); // another address has its own budget
    // Ingestion and health keep their own budgets.
    expect((await t.app.inject({ url: '/healthz', remoteAddress: '203.0.113.1' })).statusCode).toBe(200);
  });
});
