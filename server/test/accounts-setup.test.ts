import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { issueSetupToken } from '../src/features/accounts/setup-tokens-store.js';
import { cookieOf, SAME_ORIGIN } from './helpers/accounts.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  // First start: the one-time setup link creates the first owner.

  describe('GET and POST /v1/auth/setup', { timeout: 20_000 }, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await apps.create(engine);
    });
    afterAll(() => t.close());
    afterEach(() => vi.useRealTimers());

    const setup = (body: object, headers: Record<string, string> = { origin: SAME_ORIGIN }) =>
      t.app.inject({ method: 'POST', url: '/v1/auth/setup', headers, payload: body });
    const needed = async () => (await t.app.inject({ url: '/v1/auth/setup' })).json().needed;
    const owner = { email: 'Owner@Shop.example', password: 'a long enough passphrase' };

    it('refuses an expired token, a wrong one, a weak password and a cross-site post, leaving setup needed', async () => {
      expect(await needed()).toBe(true);
      vi.useFakeTimers({ toFake: ['Date'] });
      const old = issueSetupToken(t.app.db).token;
      vi.setSystemTime(Date.now() + 24 * 3_600_000 + 1);
      const expired = await setup({ token: old, ...owner });
      expect(expired.statusCode).toBe(401);
      expect(expired.json().code).toBe('invalid_setup_token');
      vi.useRealTimers();

      const { token } = issueSetupToken(t.app.db);
      expect(
        (await setup({ token: token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), ...owner })).json().code,
      ).toBe('invalid_setup_token');
      const weak = await setup({ token, email: owner.email, password: '1234567890' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().errors[0].path).toBe('body.password');
      expect((await setup({ token, email: owner.email, password: 'short' })).json().errors[0].message).toContain(
        'at least 10',
      );
      expect((await setup({ token, email: 'not-an-email', password: owner.password })).json().errors[0].path).toBe(
        'body.email',
      );
      const foreign = await setup({ token, ...owner }, { origin: 'https://evil.example' });
      expect(foreign.json().code).toBe('cross_site_request');
      expect(await needed()).toBe(true);
    });

    it('creates the owner once with a live token, logs them in, and is then used up', async () => {
      const first = issueSetupToken(t.app.db).token;
      const { token } = issueSetupToken(t.app.db); // a fresh link replaces the earlier one
      expect((await setup({ token: first, ...owner })).json().code).toBe('invalid_setup_token');

      const res = await setup({ token, ...owner });
      expect(res.statusCode, res.body).toBe(204);
      const me = await t.app.inject({ url: '/v1/auth/me', headers: { cookie: cookieOf(res.headers['set-cookie']) } });
      expect(me.json().user).toMatchObject({ email: 'owner@shop.example', role: 'owner' });
      expect(await needed()).toBe(false);

      const again = await setup({ token, email: 'second@shop.example', password: owner.password });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('conflict');
      // And a token issued now opens nothing either: the owner exists.
      const late = issueSetupToken(t.app.db).token;
      expect((await setup({ token: late, email: 'third@shop.example', password: owner.password })).statusCode).toBe(
        409,
      );
      expect(t.app.db.$client.prepare('SELECT count(*) AS n FROM users').get()).toEqual({ n: 1 });
      const login = await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: owner });
      expect(login.statusCode).toBe(204);
    });
  });
});
