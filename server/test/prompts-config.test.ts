import { DEFAULT_DISMISS_WAIT_DAYS, NEVER_AGAIN, type PromptDefinitionInput, type PublicConfig } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  const csat: PromptDefinitionInput = {
    name: 'Support CSAT (internal name)',
    kind: 'csat',
    style: 'stars',
    texts: { en: { question: 'How satisfied are you?', thanks: 'Thanks!' }, da: { question: 'Hvor tilfreds er du?' } },
  };

  describe('GET /v1/config', () => {
    let t: TestApp;
    let site: ReturnType<typeof createSite>;
    let auth: { authorization: string };

    beforeAll(async () => {
      t = await apps.create(engine);
      site = createSite(t.app.db, { name: 'Shop', origins: ['https://shop.example'] });
      auth = { authorization: `Bearer ${site.secretKey}` };
    });
    afterAll(() => t.close());

    const config = (headers: Record<string, string> = {}, key = site.publicKey) =>
      t.app.inject({ method: 'GET', url: `/v1/config?key=${encodeURIComponent(key)}`, headers });

    it('serves only active prompts with only what the widget needs', async () => {
      const active = (
        await t.app.inject({ method: 'POST', url: '/v1/prompts', headers: auth, payload: csat as object })
      ).json();
      await t.app.inject({
        method: 'POST',
        url: '/v1/prompts',
        headers: auth,
        payload: { ...csat, name: 'Paused', status: 'paused' },
      });
      const res = await config({ origin: 'https://anywhere.example' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['cache-control']).toBe('public, max-age=60');
      const body = res.json<PublicConfig>();
      expect(body.cooldownDays).toBe(14);
      expect(body.prompts).toHaveLength(1);
      expect(body.prompts[0]).toEqual({
        id: active.id,
        kind: 'csat',
        style: 'stars',
        defaultLanguage: 'en',
        texts: csat.texts,
        targeting: active.targeting,
        appearance: {},
        // until_answered (the default): again after a display, never after an answer.
        frequency: {
          shownWaitDays: 0,
          answeredWaitDays: NEVER_AGAIN,
          dismissWaitDays: DEFAULT_DISMISS_WAIT_DAYS,
          ignoreGlobalCooldown: false,
        },
      });
      expect(res.body).not.toContain('internal name');
      expect(res.body).not.toContain(site.secretKey);
    });

    it('sends URL rules compiled to patterns (and as written, for why) and the frequency mode as waits', async () => {
      // A site of its own: the other tests count this site's prompts.
      const own = createSite(t.app.db, { name: 'Rules', origins: ['https://rules.example'] });
      const auth = { authorization: `Bearer ${own.secretKey}` };
      const config = () => t.app.inject({ method: 'GET', url: `/v1/config?key=${own.publicKey}` });
      const created = await t.app.inject({
        method: 'POST',
        url: '/v1/prompts',
        headers: auth,
        payload: {
          ...csat,
          name: 'Rules',
          targeting: {
            include: [
              { match: 'wildcard', value: '/shop/*/checkout' },
              { match: 'regex', value: '^/orders/\\d+' },
            ],
            exclude: [
              { match: 'exact', value: '/shop/admin/' },
              { match: 'prefix', value: '/a.b?' },
            ],
          },
          frequency: { mode: 'recurring', everyDays: 30, dismissWaitDays: 3, ignoreGlobalCooldown: true },
        },
      });
      expect(created.statusCode).toBe(201);
      const p = (await config()).json<PublicConfig>().prompts.find((x) => x.id === created.json().id)!;
      expect(p.targeting.include).toEqual([
        { match: 'wildcard', value: '/shop/*/checkout', pattern: '^/shop/[^?]*/checkout(?:\\?|$)' },
        { match: 'regex', value: '^/orders/\\d+', pattern: '^/orders/\\d+' },
      ]);
      expect(p.targeting.exclude).toEqual([
        { match: 'exact', value: '/shop/admin/', pattern: '^/shop/admin/?(?:\\?|$)' },
        { match: 'prefix', value: '/a.b?', pattern: '^/a\\.b\\?' },
      ]);
      expect(p.frequency).toEqual({
        shownWaitDays: 30,
        answeredWaitDays: 30,
        dismissWaitDays: 3,
        ignoreGlobalCooldown: true,
      });
      const once = await t.app.inject({
        method: 'POST',
        url: '/v1/prompts',
        headers: auth,
        payload: { ...csat, name: 'Once', frequency: { mode: 'once' } },
      });
      const q = (await config()).json<PublicConfig>().prompts.find((x) => x.id === once.json().id)!;
      expect(q.frequency).toMatchObject({ shownWaitDays: NEVER_AGAIN, answeredWaitDays: NEVER_AGAIN });
    });

    it('answers 304 to a matching If-None-Match (strong, weak, listed, *), 200 otherwise', async () => {
      const first = await config();
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[\w-]+"$/);
      expect((await config()).headers.etag).toBe(etag); // stable for the same content
      for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const res = await config({ 'if-none-match': inm });
        expect(res.statusCode, inm).toBe(304);
        expect(res.body).toBe('');
        expect(res.headers.etag).toBe(etag);
        expect(res.headers['access-control-allow-origin']).toBe('*');
      }
      expect((await config({ 'if-none-match': '"stale"' })).statusCode).toBe(200);
    });

    it('changes the ETag when a prompt or the cooldown changes, and drops paused prompts', async () => {
      const before = await config();
      const id = before.json<PublicConfig>().prompts[0]!.id;
      await t.app.inject({
        method: 'PATCH',
        url: `/v1/prompts/${id}`,
        headers: auth,
        payload: { targeting: { delaySeconds: 9 } },
      });
      const edited = await config({ 'if-none-match': before.headers.etag as string });
      expect(edited.statusCode).toBe(200);
      expect(edited.json<PublicConfig>().prompts[0]!.targeting.delaySeconds).toBe(9);

      await t.app.inject({
        method: 'PUT',
        url: '/v1/prompt-settings',
        headers: auth,
        payload: { globalCooldownDays: 2 },
      });
      const cooled = await config({ 'if-none-match': edited.headers.etag as string });
      expect(cooled.statusCode).toBe(200);
      expect(cooled.json<PublicConfig>().cooldownDays).toBe(2);

      await t.app.inject({ method: 'POST', url: `/v1/prompts/${id}/pause`, headers: auth });
      const paused = await config();
      expect(paused.json<PublicConfig>().prompts).toEqual([]);
      expect(paused.headers.etag).not.toBe(cooled.headers.etag);
    });

    it('sends rule groups, and the site appearance under each prompt own, member by member', async () => {
      const own = createSite(t.app.db, { name: 'Look', origins: [] });
      const auth = { authorization: `Bearer ${own.secretKey}` };
      await t.app.inject({
        method: 'PUT',
        url: '/v1/prompt-settings',
        headers: auth,
        payload: { globalCooldownDays: 0, appearance: { brandColor: '#000000', radius: 4, theme: 'dark' } },
      });
      const made = await t.app.inject({
        method: 'POST',
        url: '/v1/prompts',
        headers: auth,
        payload: {
          ...csat,
          targeting: { anyOf: [{ timeOnPageSeconds: 5 }, { scrollPercent: 25 }] },
          appearance: { brandColor: '#0f766e', position: 'center' },
        },
      });
      expect(made.statusCode).toBe(201);
      const [p] = (await t.app.inject({ method: 'GET', url: `/v1/config?key=${own.publicKey}` })).json<PublicConfig>()
        .prompts;
      expect(p!.appearance).toEqual({ brandColor: '#0f766e', position: 'center', radius: 4, theme: 'dark' });
      expect(p!.targeting.anyOf).toEqual(made.json().targeting.anyOf);
    });

    it('reads prompts stored before rule groups and appearance existed', async () => {
      const own = createSite(t.app.db, { name: 'Old', origins: [] });
      const auth = { authorization: `Bearer ${own.secretKey}` };
      const made = (
        await t.app.inject({ method: 'POST', url: '/v1/prompts', headers: auth, payload: csat as object })
      ).json();
      // As an older release wrote the row: no anyOf in targeting, no appearance.
      const { anyOf: _gone, ...oldTargeting } = made.targeting;
      t.app.db.$client
        .prepare('UPDATE prompts SET targeting = ?, appearance = NULL WHERE id = ?')
        .run(JSON.stringify(oldTargeting), made.id);
      const [p] = (await t.app.inject({ method: 'GET', url: `/v1/config?key=${own.publicKey}` })).json<PublicConfig>()
        .prompts;
      expect(p!.targeting.anyOf).toEqual([]);
      expect(p!.appearance).toEqual({});
      const read = await t.app.inject({ method: 'GET', url: `/v1/prompts/${made.id}`, headers: auth });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({ targeting: { anyOf: [] }, appearance: {} });
    });

    it("keeps sites apart: another site's key never sees these prompts", async () => {
      const other = createSite(t.app.db, { name: 'Other', origins: [] });
      const res = await config({}, other.publicKey);
      expect(res.json()).toEqual({ cooldownDays: 14, prompts: [] });
    });

    it('rejects a missing, unknown or secret key with problem+json', async () => {
      const missing = await t.app.inject({ method: 'GET', url: '/v1/config' });
      expect(missing.statusCode).toBe(400);
      expect(missing.headers['content-type']).toContain('application/problem+json');
      const unknown = await config({}, 'pk_unknown');
      expect(unknown.statusCode).toBe(401);
      expect(unknown.json().code).toBe('unknown_site_key');
      expect(unknown.headers['cache-control']).toBe('no-store');
      const secret = await config({}, site.secretKey);
      expect(secret.statusCode).toBe(401);
      expect(secret.body).not.toContain(site.secretKey);
      const long = await config({}, `pk_${'x'.repeat(500)}`);
      expect(long.statusCode).toBe(400);
    });
  });
});
