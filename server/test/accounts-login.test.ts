import type { MeResponse } from '@loupe/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { addUser, cookieOf, login, PASSWORD, SAME_ORIGIN, sessionCookieFor } from './helpers/accounts.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Logging in and out, the session cookie, the throttle. Every login here hashes for real (scrypt at
// N=2^17), so the throttle limits are set low to keep the file quick.

const THROTTLE = {
  LOUPE_LOGIN_MAX_FAILURES: '3',
  LOUPE_LOGIN_MAX_FAILURES_PER_CLIENT: '5',
  LOUPE_LOGIN_WINDOW_MS: '600000',
};

describe('POST /v1/auth/login', { timeout: 20_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(THROTTLE);
    await addUser(t.app, 'ann@shop.example', 'owner');
  });
  afterAll(() => t.close());
  afterEach(() => vi.useRealTimers());

  it('answers 204 with an HttpOnly, SameSite=Lax session cookie that GET /v1/auth/me accepts', async () => {
    const res = await login(t.app, '  Ann@Shop.EXAMPLE ', PASSWORD, {}); // email matched case-insensitively
    expect(res.statusCode, res.body).toBe(204);
    expect(res.body).toBe('');
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^loupe_session=[A-Za-z0-9_-]{43}; Max-Age=1209600; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(setCookie).not.toContain('Secure'); // plain http: a Secure cookie would never come back

    const me = await t.app.inject({ url: '/v1/auth/me', headers: { cookie: cookieOf(res.headers['set-cookie']) } });
    expect(me.statusCode).toBe(200);
    expect(me.json<MeResponse>().user).toEqual({
      userId: expect.stringMatching(/^usr_/),
      email: 'ann@shop.example',
      role: 'owner',
    });
    // Nothing about the password ever comes back.
    expect(me.body).not.toMatch(/password|scrypt/i);
  });

  it('stores only a hash of the session token', async () => {
    const res = await login(t.app, 'ann@shop.example');
    const token = cookieOf(res.headers['set-cookie']).split('=')[1]!;
    const dump = JSON.stringify(t.app.db.$client.prepare('SELECT * FROM login_sessions').all());
    expect(dump).not.toContain(token);
    expect(JSON.stringify(t.app.db.$client.prepare('SELECT * FROM users').all())).not.toContain(PASSWORD);
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const wrong = await login(t.app, 'ann@shop.example', 'not the password at all', {});
    const unknown = await login(t.app, 'nobody@shop.example', 'not the password at all', {});
    const notEmail = await login(t.app, 'not an email', 'not the password at all', {});
    for (const res of [wrong, unknown, notEmail]) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.body).toBe(wrong.body);
      const names = (r: typeof res) =>
        Object.keys(r.headers)
          .filter((h) => h !== 'date')
          .sort();
      expect(names(res)).toEqual(names(wrong));
    }
    expect(wrong.json()).toMatchObject({ code: 'invalid_credentials', status: 401 });
  });

  it('refuses a login form posted from another origin (login CSRF)', async () => {
    for (const origin of ['https://evil.example', 'null', 'http://localhost:8080']) {
      const res = await login(t.app, 'ann@shop.example', PASSWORD, { origin });
      expect(res.statusCode, origin).toBe(403);
      expect(res.json().code).toBe('cross_site_request');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('validates the body: unknown members, oversized passwords', async () => {
    const extra = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: 'a@b.example', password: 'x', admin: true },
    });
    expect(extra.statusCode).toBe(400);
    const huge = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: 'a@b.example', password: 'x'.repeat(257) },
    });
    expect(huge.statusCode).toBe(400);
    expect(huge.json().errors[0].path).toBe('body.password');
  });
});

describe('login throttle', { timeout: 30_000 }, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(THROTTLE);
    await addUser(t.app, 'ann@shop.example', 'owner');
  });
  afterAll(() => t.close());
  afterEach(() => vi.useRealTimers());

  const from = (ip: string, email: string, password = 'wrong password!') =>
    t.app.inject({ method: 'POST', url: '/v1/auth/login', remoteAddress: ip, payload: { email, password } });

  it('blocks an account after repeated failures (even with the right password) until the window ends', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    // Failures from three addresses: the account's count, not any one address's.
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
      expect((await from(ip, 'ann@shop.example')).statusCode).toBe(401);
    const blocked = await from('203.0.113.4', 'ann@shop.example', PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().code).toBe('rate_limited');
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(590);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // An unknown email is counted exactly like a real one: a 429 reveals no account.
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
      expect((await from(ip, 'ghost@shop.example')).statusCode).toBe(401);
    expect((await from('203.0.113.4', 'ghost@shop.example')).statusCode).toBe(429);

    vi.setSystemTime(Date.now() + 600_000);
    const after = await from('203.0.113.4', 'ann@shop.example', PASSWORD);
    expect(after.statusCode, after.body).toBe(204);
  });

  it('blocks an address after repeated failures on any emails, not other addresses', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    for (let i = 0; i < 5; i++) expect((await from('198.51.100.7', `user${i}@shop.example`)).statusCode).toBe(401);
    const blocked = await from('198.51.100.7', 'ann@shop.example', PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await from('198.51.100.8', 'ann@shop.example', PASSWORD)).statusCode).toBe(204);
    vi.setSystemTime(Date.now() + 600_000);
    expect((await from('198.51.100.7', 'ann@shop.example', PASSWORD)).statusCode).toBe(204);
  });

  it('forgets an account\u2019s failures once its password is given', async () => {
    expect((await from('192.0.2.1', 'ann@shop.example')).statusCode).toBe(401);
    expect((await from('192.0.2.2', 'ann@shop.example')).statusCode).toBe(401);
    expect((await from('192.0.2.3', 'ann@shop.example', PASSWORD)).statusCode).toBe(204);
    expect((await from('192.0.2.4', 'ann@shop.example')).statusCode).toBe(401);
    expect((await from('192.0.2.5', 'ann@shop.example', PASSWORD)).statusCode).toBe(204);
  });
});

describe('the session', { timeout: 20_000 }, () => {
  let t: TestApp;
  let annId: string;
  beforeAll(async () => {
    t = await createTestApp({ ...THROTTLE, LOUPE_TRUST_PROXY: '127.0.0.1' });
    annId = (await addUser(t.app, 'ann@shop.example', 'owner')).userId;
  });
  afterAll(() => t.close());
  afterEach(() => vi.useRealTimers());

  const me = (cookie: string, headers: Record<string, string> = {}) =>
    t.app.inject({ url: '/v1/auth/me', headers: { cookie, ...headers } });

  it('sets Secure behind a trusted proxy that says HTTPS, and not when an untrusted client says so', async () => {
    const viaProxy = await login(t.app, 'ann@shop.example', PASSWORD, {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'loupe.example',
      origin: 'https://loupe.example',
    });
    expect(viaProxy.statusCode, viaProxy.body).toBe(204);
    expect(String(viaProxy.headers['set-cookie'])).toMatch(/; Secure/);

    const untrusted = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      remoteAddress: '203.0.113.9',
      headers: { 'x-forwarded-proto': 'https', origin: SAME_ORIGIN },
      payload: { email: 'ann@shop.example', password: PASSWORD },
    });
    expect(untrusted.statusCode).toBe(204);
    expect(String(untrusted.headers['set-cookie'])).not.toContain('Secure');
  });

  it('logout ends the session on the server: every tab with that cookie gets 401 next', async () => {
    const cookie = cookieOf((await login(t.app, 'ann@shop.example')).headers['set-cookie']);
    const otherBrowser = sessionCookieFor(t.app, annId);
    expect((await me(cookie)).statusCode).toBe(200);

    const out = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/logout',
      headers: { cookie, origin: SAME_ORIGIN },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^loupe_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Lax/);

    const after = await me(cookie); // "another tab" still holding the cookie
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'unauthorized', status: 401 });
    expect(String(after.headers['set-cookie'])).toContain('Max-Age=0');
    expect((await me(otherBrowser)).statusCode).toBe(200); // only that session ended

    // Logging out again is harmless.
    expect(
      (await t.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: { cookie, origin: SAME_ORIGIN } }))
        .statusCode,
    ).toBe(204);
  });

  it('refuses a cross-site logout', async () => {
    const cookie = sessionCookieFor(t.app, annId);
    for (const headers of [{ origin: 'https://evil.example' }, {}]) {
      const res = await t.app.inject({ method: 'POST', url: '/v1/auth/logout', headers: { cookie, ...headers } });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('cross_site_request');
    }
    expect((await me(cookie)).statusCode).toBe(200);
  });

  it('slides: a session used within 14 days lives on; one left alone for 14 days is over', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const used = sessionCookieFor(t.app, annId);
    const idle = sessionCookieFor(t.app, annId);
    const day = 24 * 3_600_000;

    vi.setSystemTime(Date.now() + 13 * day);
    const refreshed = await me(used);
    expect(refreshed.statusCode).toBe(200);
    // The cookie's lifetime moves with the session's.
    expect(String(refreshed.headers['set-cookie'])).toMatch(/Max-Age=1209600/);
    const quiet = await me(used); // within the hour: no second write, no cookie
    expect(quiet.headers['set-cookie']).toBeUndefined();

    vi.setSystemTime(Date.now() + 2 * day); // 15 days after both were made
    expect((await me(used)).statusCode).toBe(200);
    const expired = await me(idle);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('unauthorized');
  });

  it.each([
    ['a forged token of the right shape', `loupe_session=${'A'.repeat(43)}`],
    ['a mangled token', 'loupe_session=abc'],
    ['a huge value', `loupe_session=${'x'.repeat(4000)}`],
    ['bytes that are not a token', 'loupe_session=%00%ff<script>'],
    ['a broken cookie header', 'loupe_session'],
  ])('%s: 401 problem+json, never a stack trace', async (_label, cookie) => {
    const res = await me(cookie);
    if (cookie === 'loupe_session') {
      expect(res.statusCode).toBe(401); // no session cookie at all
    } else {
      expect(res.statusCode).toBe(401);
      expect(String(res.headers['set-cookie'])).toContain('Max-Age=0');
    }
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('unauthorized');
    expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('GET /v1/auth/me without a session is 401; a site key is not a session', async () => {
    expect((await t.app.inject({ url: '/v1/auth/me' })).json()).toMatchObject({ status: 401, code: 'unauthorized' });
    const withKey = await t.app.inject({ url: '/v1/auth/me', headers: { authorization: 'Bearer sk_whatever' } });
    expect(withKey.statusCode).toBe(401);
    expect(withKey.json().detail).toContain('login session');
  });

  it('a removed user\u2019s sessions end with them', async () => {
    const bob = await addUser(t.app, 'bob@shop.example', 'viewer');
    const cookie = sessionCookieFor(t.app, bob.userId);
    expect((await me(cookie)).statusCode).toBe(200);
    t.app.db.$client.prepare('DELETE FROM users WHERE id = ?').run(bob.userId);
    expect((await me(cookie)).statusCode).toBe(401);
  });
});
