import type { Prompt, PromptDefinitionInput, PromptList } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSite } from '../src/features/sites/sites-store.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  const nps: PromptDefinitionInput = {
    name: 'Checkout NPS',
    kind: 'nps',
    texts: {
      en: {
        question: 'How likely are you to recommend us?',
        followUp: { detractor: 'What went wrong?', default: 'Why?' },
      },
      vi: { question: 'Bạn có sẵn lòng giới thiệu chúng tôi không?' },
    },
    targeting: { include: [{ match: 'prefix', value: '/checkout' }], delaySeconds: 3 },
  };

  describe('prompts CRUD (/v1/prompts)', () => {
    let t: TestApp;
    let auth: { authorization: string };
    let otherAuth: { authorization: string };
    let publicKey: string;

    beforeAll(async () => {
      t = await apps.create(engine);
      const site = createSite(t.app.db, { name: 'Shop', origins: [] });
      const other = createSite(t.app.db, { name: 'Other', origins: [] });
      auth = { authorization: `Bearer ${site.secretKey}` };
      otherAuth = { authorization: `Bearer ${other.secretKey}` };
      publicKey = site.publicKey;
    });
    afterAll(() => t.close());

    const create = async (body: unknown, headers = auth) =>
      t.app.inject({ method: 'POST', url: '/v1/prompts', headers, payload: body as object });

    it('creates a prompt with defaults filled and a Location header, then reads it back', async () => {
      const res = await create(nps);
      expect(res.statusCode).toBe(201);
      const p = res.json<Prompt>();
      expect(p.id).toMatch(/^pr_/);
      expect(res.headers.location).toBe(`/v1/prompts/${p.id}`);
      expect(p).toMatchObject({ status: 'active', defaultLanguage: 'en', frequency: { mode: 'until_answered' } });
      expect(p.targeting).toMatchObject({ delaySeconds: 3, samplePercent: 100, exitIntent: false });
      const got = await t.app.inject({ method: 'GET', url: `/v1/prompts/${p.id}`, headers: auth });
      expect(got.statusCode).toBe(200);
      expect(got.json()).toEqual(p);
    });

    it('lists in creation order and only the own site', async () => {
      const second = (
        await create({ ...nps, name: 'Second', kind: 'ces', texts: { en: { question: 'Easy?' } } })
      ).json<Prompt>();
      const list = (await t.app.inject({ method: 'GET', url: '/v1/prompts', headers: auth })).json<{
        prompts: Prompt[];
      }>();
      expect(list.prompts.map((p) => p.name)).toEqual(['Checkout NPS', 'Second']);
      expect(list.prompts.at(-1)?.id).toBe(second.id);
      const otherList = await t.app.inject({ method: 'GET', url: '/v1/prompts', headers: otherAuth });
      expect(otherList.json()).toEqual({ prompts: [] });
    });

    it('lists prompts created within one millisecond in the order they were created', async () => {
      const site = createSite(t.app.db, { name: 'Burst', origins: [] });
      const headers = { authorization: `Bearer ${site.secretKey}` };
      // One frozen millisecond for every creation: what a script or the demo seeding comes close to.
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      try {
        const made: string[] = [];
        for (let i = 0; i < 12; i++)
          made.push((await create({ ...nps, name: `Burst ${i}` }, headers)).json<Prompt>().id);
        const list = (await t.app.inject({ method: 'GET', url: '/v1/prompts', headers })).json<PromptList>();
        expect(list.prompts.map((p) => p.id)).toEqual(made);
      } finally {
        vi.useRealTimers();
      }
    });

    it("answers 404 for another site's prompt on every route and leaves it untouched", async () => {
      const p = (await create(nps)).json<Prompt>();
      for (const [method, url, payload] of [
        ['GET', `/v1/prompts/${p.id}`, undefined],
        ['PUT', `/v1/prompts/${p.id}`, nps],
        ['PATCH', `/v1/prompts/${p.id}`, { status: 'paused' }],
        ['DELETE', `/v1/prompts/${p.id}`, undefined],
        ['POST', `/v1/prompts/${p.id}/pause`, undefined],
      ] as const) {
        const res = await t.app.inject({ method, url, headers: otherAuth, ...(payload ? { payload } : {}) });
        expect(res.statusCode, `${method} ${url}`).toBe(404);
        expect(res.json()).toMatchObject({ code: 'not_found' });
      }
      const still = await t.app.inject({ method: 'GET', url: `/v1/prompts/${p.id}`, headers: auth });
      expect(still.json()).toEqual(p);
    });

    it('rejects missing, public and wrong keys', async () => {
      expect((await t.app.inject({ method: 'GET', url: '/v1/prompts' })).statusCode).toBe(401);
      const pk = await t.app.inject({
        method: 'GET',
        url: '/v1/prompts',
        headers: { authorization: `Bearer ${publicKey}` },
      });
      expect(pk.statusCode).toBe(403);
      expect(pk.json().code).toBe('wrong_key_type');
      const wrong = await create(nps, { authorization: 'Bearer sk_nope' });
      expect(wrong.statusCode).toBe(401);
    });

    it('rejects invalid definitions with problem+json and field paths, storing nothing', async () => {
      const before = (await t.app.inject({ method: 'GET', url: '/v1/prompts', headers: auth })).json<{
        prompts: Prompt[];
      }>();
      const bad: [unknown, string][] = [
        [{ ...nps, kind: 'star' }, 'kind'],
        [{ ...nps, texts: { en: { question: 'q', followUp: { low: 'x' } } } }, 'followUp'],
        [{ ...nps, targeting: { include: [{ match: 'regex', value: '([' }] } }, 'invalid regular expression'],
        [{ ...nps, defaultLanguage: 'da' }, 'defaultLanguage'],
        [{ ...nps, style: 'faces' }, 'style'],
        [{ ...nps, frequency: { mode: 'recurring' } }, 'everyDays'],
        [{ ...nps, unknown: 1 }, 'unknown'],
        [{ ...nps, targeting: { anyOf: [{}] } }, 'a rule group needs at least one condition'],
        [{ ...nps, targeting: { anyOf: [{ include: [] }] } }, 'include'],
        [{ ...nps, targeting: { traits: [{ name: 'plan', values: [] }] } }, 'body.targeting.traits.0.values'],
        [
          {
            ...nps,
            targeting: {
              traits: [
                { name: 'plan', values: ['a'] },
                { name: 'plan', values: ['b'] },
              ],
            },
          },
          'one rule per trait name',
        ],
        [{ ...nps, appearance: { brandColor: 'javascript:alert(1)' } }, 'brandColor'],
        [{ ...nps, appearance: { font: 'a;}*{display:none' } }, 'font'],
      ];
      for (const [body, hint] of bad) {
        const res = await create(body);
        expect(res.statusCode, hint).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body).toContain(hint);
      }
      const malformed = await t.app.inject({
        method: 'POST',
        url: '/v1/prompts',
        headers: { ...auth, 'content-type': 'application/json' },
        payload: '{"name":',
      });
      expect(malformed.statusCode).toBe(400);
      const after = (await t.app.inject({ method: 'GET', url: '/v1/prompts', headers: auth })).json<{
        prompts: Prompt[];
      }>();
      expect(after.prompts).toHaveLength(before.prompts.length);
    });

    it('replaces with PUT (defaults reapplied) and refuses to change the kind', async () => {
      const p = (await create(nps)).json<Prompt>();
      const put = await t.app.inject({
        method: 'PUT',
        url: `/v1/prompts/${p.id}`,
        headers: auth,
        payload: { name: 'Renamed', kind: 'nps', texts: { en: { question: 'New?' } } },
      });
      expect(put.statusCode).toBe(200);
      expect(put.json()).toMatchObject({
        id: p.id,
        name: 'Renamed',
        createdAt: p.createdAt,
        targeting: { include: [], delaySeconds: 0 },
      });
      const kind = await t.app.inject({
        method: 'PUT',
        url: `/v1/prompts/${p.id}`,
        headers: auth,
        payload: { name: 'x', kind: 'csat', texts: { en: { question: 'q' } } },
      });
      expect(kind.statusCode).toBe(409);
      expect(kind.json().code).toBe('conflict');
    });

    it('patches: merges targeting and frequency, validates the merged result, null removes', async () => {
      const p = (
        await create({ ...nps, kind: 'csat', style: 'faces', texts: { en: { question: 'Happy?' } } })
      ).json<Prompt>();
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/v1/prompts/${p.id}`,
        headers: auth,
        payload: { targeting: { scrollPercent: 50 }, frequency: { mode: 'recurring', everyDays: 90 } },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        style: 'faces',
        targeting: { include: [{ match: 'prefix', value: '/checkout' }], delaySeconds: 3, scrollPercent: 50 },
        frequency: { mode: 'recurring', everyDays: 90 },
      });
      // Merged result invalid: switching to `once` while everyDays stays.
      const invalid = await t.app.inject({
        method: 'PATCH',
        url: `/v1/prompts/${p.id}`,
        headers: auth,
        payload: { frequency: { mode: 'once' } },
      });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().errors[0].path).toBe('body.frequency.everyDays');
      const fixed = await t.app.inject({
        method: 'PATCH',
        url: `/v1/prompts/${p.id}`,
        headers: auth,
        payload: { frequency: { mode: 'once', everyDays: null }, style: null },
      });
      expect(fixed.statusCode).toBe(200);
      expect(fixed.json().frequency).not.toHaveProperty('everyDays');
      expect(fixed.json()).not.toHaveProperty('style');
      const empty = await t.app.inject({ method: 'PATCH', url: `/v1/prompts/${p.id}`, headers: auth, payload: {} });
      expect(empty.statusCode).toBe(400);
      const kind = await t.app.inject({
        method: 'PATCH',
        url: `/v1/prompts/${p.id}`,
        headers: auth,
        payload: { kind: 'nps' },
      });
      expect(kind.statusCode).toBe(409);
    });

    it('stores rule groups and appearance; a patch replaces each of them as a whole', async () => {
      const created = await create({
        ...nps,
        targeting: { ...nps.targeting, anyOf: [{ timeOnPageSeconds: 5 }, { scrollPercent: 25 }] },
        appearance: { brandColor: '#0f766e', position: 'bottom-left', colorScale: true },
      });
      expect(created.statusCode).toBe(201);
      const p = created.json<Prompt>();
      expect(p.targeting.anyOf.map((g) => [g.timeOnPageSeconds, g.scrollPercent])).toEqual([
        [5, 0],
        [0, 25],
      ]);
      expect(p.appearance).toEqual({ brandColor: '#0f766e', position: 'bottom-left', colorScale: true });
      const patch = async (payload: object) =>
        t.app.inject({ method: 'PATCH', url: `/v1/prompts/${p.id}`, headers: auth, payload });
      const patched = (
        await patch({ targeting: { anyOf: [{ exitIntent: true }] }, appearance: { radius: 0 } })
      ).json<Prompt>();
      expect(patched.targeting.anyOf).toHaveLength(1);
      expect(patched.targeting.anyOf[0]!.exitIntent).toBe(true);
      expect(patched.targeting.delaySeconds).toBe(3); // other targeting members kept
      expect(patched.appearance).toEqual({ radius: 0 });
      const cleared = (await patch({ targeting: { anyOf: [] }, appearance: {} })).json<Prompt>();
      expect([cleared.targeting.anyOf, cleared.appearance]).toEqual([[], {}]);
      const invalid = await patch({ targeting: { anyOf: [{ scrollPercent: 0 }] } });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.body).toContain('anyOf');
      expect((await t.app.inject({ method: 'GET', url: `/v1/prompts/${p.id}`, headers: auth })).json()).toEqual(
        cleared,
      );
    });

    it('pauses and resumes idempotently', async () => {
      const p = (await create(nps)).json<Prompt>();
      for (const [action, status] of [
        ['pause', 'paused'],
        ['pause', 'paused'],
        ['resume', 'active'],
      ] as const) {
        const res = await t.app.inject({ method: 'POST', url: `/v1/prompts/${p.id}/${action}`, headers: auth });
        expect(res.statusCode).toBe(200);
        expect(res.json().status).toBe(status);
      }
    });

    it('deletes by archiving: gone from the list and the config, kept for its answers, frozen, idempotent', async () => {
      const p = (await create(nps)).json<Prompt>();
      const del = () => t.app.inject({ method: 'DELETE', url: `/v1/prompts/${p.id}`, headers: auth });
      expect((await del()).statusCode).toBe(204);
      expect((await del()).statusCode).toBe(204);
      const stored = await t.app.inject({ method: 'GET', url: `/v1/prompts/${p.id}`, headers: auth });
      expect(stored.json<Prompt>()).toMatchObject({ id: p.id, status: 'archived', name: p.name });
      const list = (q: string) =>
        t.app
          .inject({ method: 'GET', url: `/v1/prompts${q}`, headers: auth })
          .then((r) => r.json<PromptList>().prompts.map((x) => x.id));
      expect(await list('')).not.toContain(p.id);
      expect(await list('?archived=include')).toContain(p.id);
      expect(await list('?archived=only')).toEqual([p.id]);
      const config = await t.app.inject({ url: `/v1/config?key=${publicKey}` });
      expect(config.body).not.toContain(p.id);
      for (const [method, url, payload] of [
        ['PATCH', `/v1/prompts/${p.id}`, { name: 'Back' }],
        ['PUT', `/v1/prompts/${p.id}`, nps],
        ['POST', `/v1/prompts/${p.id}/resume`, undefined],
        ['POST', `/v1/prompts/${p.id}/pause`, undefined],
      ] as const) {
        const res = await t.app.inject({ method, url, headers: auth, ...(payload ? { payload } : {}) });
        expect(res.statusCode, `${method} ${url}`).toBe(409);
        expect(res.json().detail).toMatch(/archived/);
      }
      expect((await t.app.inject({ method: 'DELETE', url: '/v1/prompts/pr_nope', headers: auth })).statusCode).toBe(
        404,
      );
    });

    it('duplicates a prompt (archived ones too) as a paused copy, last in priority', async () => {
      const p = (
        await create({
          ...nps,
          name: 'Checkout NPS',
          targeting: { include: [{ match: 'prefix', value: '/checkout' }] },
        })
      ).json<Prompt>();
      const dup = await t.app.inject({ method: 'POST', url: `/v1/prompts/${p.id}/duplicate`, headers: auth });
      expect(dup.statusCode, dup.body).toBe(201);
      const copy = dup.json<Prompt>();
      expect(copy.id).not.toBe(p.id);
      expect(copy).toMatchObject({
        name: 'Checkout NPS (copy)',
        status: 'paused',
        kind: 'nps',
        texts: p.texts,
        targeting: p.targeting,
      });
      expect(dup.headers.location).toBe(`/v1/prompts/${copy.id}`);
      await t.app.inject({ method: 'DELETE', url: `/v1/prompts/${p.id}`, headers: auth });
      const again = await t.app.inject({ method: 'POST', url: `/v1/prompts/${p.id}/duplicate`, headers: auth });
      expect(again.json<Prompt>()).toMatchObject({ status: 'paused', name: 'Checkout NPS (copy)' });
      const other = await t.app.inject({ method: 'POST', url: `/v1/prompts/${p.id}/duplicate`, headers: otherAuth });
      expect(other.statusCode).toBe(404);
    });

    it('reads and replaces the settings: global cooldown and the site appearance', async () => {
      const get = await t.app.inject({ method: 'GET', url: '/v1/prompt-settings', headers: auth });
      expect(get.json()).toEqual({ globalCooldownDays: 14, appearance: {} });
      const put = await t.app.inject({
        method: 'PUT',
        url: '/v1/prompt-settings',
        headers: auth,
        payload: { globalCooldownDays: 3 },
      });
      expect(put.json()).toEqual({ globalCooldownDays: 3, appearance: {} });
      const look = { theme: 'dark', brandColor: '#ff0066', radius: 4, font: 'inherit' };
      const styled = await t.app.inject({
        method: 'PUT',
        url: '/v1/prompt-settings',
        headers: auth,
        payload: { globalCooldownDays: 3, appearance: look },
      });
      expect(styled.json()).toEqual({ globalCooldownDays: 3, appearance: look });
      for (const payload of [
        { globalCooldownDays: -1 },
        { globalCooldownDays: 3, appearance: { radius: -1 } },
        { appearance: { colour: 'red' } },
      ]) {
        const bad = await t.app.inject({ method: 'PUT', url: '/v1/prompt-settings', headers: auth, payload });
        expect(bad.statusCode, JSON.stringify(payload)).toBe(400);
        expect(bad.headers['content-type']).toContain('application/problem+json');
      }
      expect((await t.app.inject({ method: 'GET', url: '/v1/prompt-settings', headers: auth })).json()).toEqual({
        globalCooldownDays: 3,
        appearance: look,
      });
      expect((await t.app.inject({ method: 'GET', url: '/v1/prompt-settings', headers: otherAuth })).json()).toEqual({
        globalCooldownDays: 14,
        appearance: {},
      });
    });
  });

  describe('prompt limit per site', () => {
    it('answers 409 past MAX_PROMPTS_PER_SITE', async () => {
      const t = await apps.create(engine);
      try {
        const site = createSite(t.app.db, { name: 'Many', origins: [] });
        const headers = { authorization: `Bearer ${site.secretKey}` };
        const { MAX_PROMPTS_PER_SITE } = await import('@loupe/shared');
        for (let i = 0; i < MAX_PROMPTS_PER_SITE; i++) {
          const r = await t.app.inject({ method: 'POST', url: '/v1/prompts', headers, payload: nps as object });
          expect(r.statusCode).toBe(201);
        }
        const over = await t.app.inject({ method: 'POST', url: '/v1/prompts', headers, payload: nps as object });
        expect(over.statusCode).toBe(409);
      } finally {
        await t.close();
      }
      // A fresh app (about 2.5 s of migrations) and MAX_PROMPTS_PER_SITE saves: over vitest's 5 s on a busy machine.
    }, 30_000);
  });
});
