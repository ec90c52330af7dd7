import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type LinkAnswerResult,
  type LinkSecret,
  linkPageMessagesFor,
  type Prompt,
  type PromptLinks,
} from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLinkToken } from '../src/features/link-surveys/link-token.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { addUser, SAME_ORIGIN, sessionCookieFor } from './helpers/accounts.js';
import { rows } from './helpers/collect.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  const EXAMPLE = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../docs/sign-link-token.mjs');

  interface StoredResponse {
    display_id: string;
    score: number;
    comment: string | null;
    channel: string;
    touchpoint: string | null;
    customer_id: string | null;
    traits: string | null;
    link_flag: string | null;
    path: string;
  }

  describe('link surveys: tokens, the hosted page and its answers', () => {
    let t: TestApp;
    let site: ReturnType<typeof createSite>;
    let other: ReturnType<typeof createSite>;
    let auth: { authorization: string };
    let prompt: Prompt;
    let csat: Prompt;
    let secret: string;

    const answers = () =>
      rows<StoredResponse>(t.app, 'SELECT * FROM responses WHERE site_id = ? ORDER BY created_at', site.siteId);
    const answer = (promptId: string, payload: object, remoteAddress = '10.0.0.1') =>
      t.app.inject({ method: 'POST', url: `/s/${promptId}/answers`, payload, remoteAddress });
    const exp = () => Math.floor(Date.now() / 1000) + 3600;

    beforeAll(async () => {
      t = await apps.create(engine, { LOUPE_LINK_RATE_LIMIT_MAX: '1000' });
      site = createSite(t.app.db, { name: 'Shop', origins: [] });
      other = createSite(t.app.db, { name: 'Other', origins: [] });
      auth = { authorization: `Bearer ${site.secretKey}` };
      const create = async (body: object) =>
        (await t.app.inject({ method: 'POST', url: '/v1/prompts', headers: auth, payload: body })).json<Prompt>();
      prompt = await create({
        name: 'Support NPS',
        kind: 'nps',
        texts: { en: { question: 'How likely are you to <b>recommend</b> us?', followUp: { default: 'Why?' } } },
      });
      csat = await create({ name: 'Ticket CSAT', kind: 'csat', texts: { en: { question: 'How did we do?' } } });
      secret = (await t.app.inject({ method: 'GET', url: '/v1/link-secret', headers: auth })).json<LinkSecret>().secret;
    });
    afterAll(() => t.close());

    it('a token signed by the documented Node example verifies, and its context lands on the answer', async () => {
      const out = execFileSync(process.execPath, [EXAMPLE], {
        env: { LOUPE_LINK_SECRET: secret, LOUPE_SITE_ID: site.siteId, LOUPE_PROMPT_ID: prompt.id },
        encoding: 'utf8',
      });
      const url = new URL(out.trim());
      expect(url.pathname).toBe(`/s/${prompt.id}`);
      const token = url.searchParams.get('t')!;
      const res = await answer(prompt.id, { t: token, score: 9 });
      expect(res.statusCode).toBe(200);
      expect(res.json<LinkAnswerResult>().context).toBe('signed');
      const [row] = answers().filter((r) => r.display_id === res.json<LinkAnswerResult>().responseId);
      expect(row).toMatchObject({
        score: 9,
        channel: 'email',
        touchpoint: 'support',
        customer_id: 'cus_1042',
        link_flag: null,
        path: `/s/${prompt.id}`,
      });
      expect(JSON.parse(row!.traits!)).toEqual({ plan: 'pro', ticket: 'T-8812' });
    });

    it('one response per token: a changed score and a comment update it, a replay never duplicates', async () => {
      const token = signLinkToken({ site: site.siteId, customer: 'c-7', touchpoint: 'delivery', exp: exp() }, secret);
      const before = answers().length;
      const first = (await answer(prompt.id, { t: token, score: 3 })).json<LinkAnswerResult>();
      await answer(prompt.id, { t: token, score: 3, comment: 'Slow reply' });
      await answer(prompt.id, { t: token, score: 4 });
      const replay = (await answer(prompt.id, { t: token, score: 4 }, '10.9.9.9')).json<LinkAnswerResult>();
      expect(replay.responseId).toBe(first.responseId);
      const mine = answers().filter((r) => r.display_id === first.responseId);
      expect(answers().length).toBe(before + 1);
      expect(mine).toEqual([
        expect.objectContaining({
          score: 4,
          comment: 'Slow reply',
          touchpoint: 'delivery',
          customer_id: 'c-7',
          channel: 'email',
        }),
      ]);
    });

    const good = () => ({ site: site.siteId, customer: 'c-1', touchpoint: 'support', exp: exp() });
    const cases: [string, () => string, string][] = [
      [
        'tampered',
        () => {
          const [body, sig] = signLinkToken(good(), secret).split('.');
          const forged = Buffer.from(
            JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), customer: 'ceo' }),
          ).toString('base64url');
          return `${forged}.${sig}`;
        },
        'tampered',
      ],
      ['signed with another secret', () => signLinkToken(good(), 'lsec_not-the-secret'), 'tampered'],
      ['expired', () => signLinkToken({ ...good(), exp: Math.floor(Date.now() / 1000) - 1 }, secret), 'expired'],
      ['for another site', () => signLinkToken({ ...good(), site: other.siteId }, secret), 'wrong_site'],
      ['for another prompt', () => signLinkToken({ ...good(), prompt: csat.id }, secret), 'wrong_prompt'],
      [
        'over 2 KB',
        () =>
          signLinkToken(
            {
              ...good(),
              traits: {
                note: 'x'.repeat(250),
                a: 'x'.repeat(250),
                b: 'x'.repeat(250),
                c: 'x'.repeat(250),
                d: 'x'.repeat(250),
                e: 'x'.repeat(250),
              },
            },
            secret,
          ),
        'oversize',
      ],
      ['not base64url', () => '%%%.###', 'malformed'],
      ['one part only', () => 'eyJzaXRlIjoieCJ9', 'malformed'],
      [
        'not JSON',
        () => `${Buffer.from('nope').toString('base64url')}.${Buffer.from('sig').toString('base64url')}`,
        'malformed',
      ],
      [
        'eleven traits',
        () =>
          signLinkToken(
            { ...good(), traits: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i])) },
            secret,
          ),
        'malformed',
      ],
    ];
    it.each(cases)('a token %s: the answer is kept, its context dropped and flagged', async (_name, make, flag) => {
      const res = await answer(prompt.id, { t: make(), score: 6 });
      expect(res.statusCode).toBe(200);
      const result = res.json<LinkAnswerResult>();
      expect(result.context).toBe(flag);
      const [row] = answers().filter((r) => r.display_id === result.responseId);
      expect(row).toMatchObject({
        score: 6,
        channel: 'link',
        touchpoint: null,
        customer_id: null,
        traits: null,
        link_flag: flag,
      });
    });

    it('without a token: one answer per answerId; a QR link says so', async () => {
      const answerId = crypto.randomUUID();
      const a = (await answer(csat.id, { answerId, score: 2, channel: 'qr' })).json<LinkAnswerResult>();
      await answer(csat.id, { answerId, score: 5, channel: 'qr', comment: 'Fine after all' });
      expect(a.context).toBe('none');
      expect(answers().filter((r) => r.display_id === a.responseId)).toEqual([
        expect.objectContaining({ score: 5, comment: 'Fine after all', channel: 'qr', link_flag: null }),
      ]);
      const missing = await answer(csat.id, { score: 3 });
      expect(missing.statusCode).toBe(400);
    });

    it('a score off the scale is a 400 problem, and stores nothing', async () => {
      const before = answers().length;
      for (const [id, score] of [
        [prompt.id, 11],
        [prompt.id, -1],
        [csat.id, 0],
        [csat.id, 6],
      ] as const) {
        const res = await answer(id, { answerId: crypto.randomUUID(), score });
        expect(res.statusCode).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.json()).toMatchObject({ code: 'validation_failed' });
      }
      expect(answers().length).toBe(before);
    });

    it('the page: HTML with a strict policy, every text escaped, no cookie, and it stores nothing', async () => {
      const before = answers().length;
      for (const method of ['GET', 'HEAD'] as const) {
        const res = await t.app.inject({ method, url: `/s/${prompt.id}?score=9&t=abc` });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.headers['set-cookie']).toBeUndefined();
        expect(res.headers['content-security-policy']).toContain("script-src 'self'");
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        if (method === 'GET') {
          expect(res.body).not.toContain('<b>recommend');
          expect(res.body).toContain('&lt;b&gt;recommend');
          expect(res.body).toContain('\\u003cb\\u003erecommend');
        }
      }
      expect(answers().length).toBe(before);
    });

    it('unknown and paused prompts: friendly pages (404, 410), problem+json for scripts', async () => {
      const unknown = await t.app.inject({ method: 'GET', url: '/s/pr_nope', headers: { accept: 'text/html' } });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.body).toContain('Survey not found');
      const paused = await t.app.inject({
        method: 'PATCH',
        url: `/v1/prompts/${csat.id}`,
        headers: auth,
        payload: { status: 'paused' },
      });
      expect(paused.statusCode).toBe(200);
      const page = await t.app.inject({ method: 'GET', url: `/s/${csat.id}`, headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(410);
      expect(page.body).toContain('This survey is closed');
      const post = await answer(csat.id, { answerId: crypto.randomUUID(), score: 4 });
      expect(post.statusCode).toBe(410);
      expect(post.json()).toMatchObject({ code: 'prompt_closed' });
      const json = await t.app.inject({ method: 'GET', url: '/s/pr_nope', headers: { accept: 'application/json' } });
      expect(json.statusCode).toBe(404);
      expect(json.headers['content-type']).toMatch(/^application\/problem\+json/);
      await t.app.inject({
        method: 'PATCH',
        url: `/v1/prompts/${csat.id}`,
        headers: auth,
        payload: { status: 'active' },
      });
    });

    it('the page chrome follows the prompt’s language, or the browser’s without one; Arabic right to left', async () => {
      const { messages: ar } = linkPageMessagesFor('ar');
      const { messages: vi } = linkPageMessagesFor('vi');
      const create = await t.app.inject({
        method: 'POST',
        url: '/v1/prompts',
        headers: auth,
        payload: {
          name: 'Delivery CSAT',
          kind: 'csat',
          defaultLanguage: 'en',
          texts: { en: { question: 'How was the delivery?' }, ar: { question: 'كيف كان التوصيل؟' } },
        },
      });
      const bilingual = create.json<Prompt>();
      const html = (url: string, languages: string) =>
        t.app.inject({ method: 'GET', url, headers: { accept: 'text/html', 'accept-language': languages } });

      // Open: the no-JavaScript text in the prompt's language the browser asked for.
      const open = await html(`/s/${bilingual.id}`, 'ar-EG,en;q=0.5');
      expect(open.statusCode).toBe(200);
      expect(open.body).toContain('<html lang="ar" dir="rtl">');
      expect(open.body).toContain(ar.noScript);
      // A language the chrome lacks: the text stays English and says so.
      const he = await t.app.inject({
        method: 'POST',
        url: '/v1/prompts',
        headers: auth,
        payload: { name: 'Hebrew', kind: 'csat', defaultLanguage: 'he', texts: { he: { question: 'איך היה?' } } },
      });
      const hePage = await html(`/s/${he.json<Prompt>().id}`, 'he');
      expect(hePage.body).toContain('<html lang="he" dir="rtl">');
      expect(hePage.body).toContain('<p class="notice" lang="en" dir="ltr">This survey needs JavaScript');

      await t.app.inject({
        method: 'PATCH',
        url: `/v1/prompts/${bilingual.id}`,
        headers: auth,
        payload: { status: 'paused' },
      });
      // Closed, asked in Arabic: translated, right to left; `?lang=` comes before the browser's.
      const closed = await html(`/s/${bilingual.id}`, 'ar;q=0.9, da;q=0.1');
      expect(closed.statusCode).toBe(410);
      expect(closed.headers['content-language']).toBe('ar');
      expect(closed.body).toContain('<html lang="ar" dir="rtl">');
      expect(closed.body).toContain(`<title>${ar.closedTitle}</title>`);
      expect(closed.body).toContain(`<h1>${ar.closedTitle}</h1>`);
      expect(closed.body).toContain(ar.closedText);
      expect(closed.body).not.toContain('This survey is closed');
      const closedEn = await html(`/s/${bilingual.id}?lang=en`, 'ar');
      expect(closedEn.body).toContain('<html lang="en" dir="ltr">');
      expect(closedEn.body).toContain('This survey is closed');
      // The prompt has no Vietnamese: its default language, English.
      expect((await html(`/s/${bilingual.id}`, 'vi')).body).toContain('This survey is closed');

      // Unknown: the browser's first language the chrome is written in (Hebrew is not, Vietnamese is).
      const unknown = await html('/s/pr_nope', 'he, vi-VN;q=0.8, en;q=0.5');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.body).toContain('<html lang="vi-VN" dir="ltr">');
      expect(unknown.body).toContain(vi.notFoundTitle);
      expect((await html('/s/pr_nope', 'fr, de')).body).toContain('<html lang="en" dir="ltr">');
      expect((await html('/s/pr_nope', 'ar')).body).toContain('<html lang="ar" dir="rtl">');
    });

    it('the link secret: owners and the secret key; rotation keeps the old one verifying', async () => {
      const old = signLinkToken(good(), secret);
      const rotated = await t.app.inject({ method: 'POST', url: '/v1/link-secret/rotate', headers: auth });
      expect(rotated.statusCode).toBe(200);
      const next = rotated.json<LinkSecret>().secret;
      expect(next).not.toBe(secret);
      expect((await answer(prompt.id, { t: old, score: 8 })).json<LinkAnswerResult>().context).toBe('signed');
      expect(
        (await answer(prompt.id, { t: signLinkToken(good(), next), score: 8 })).json<LinkAnswerResult>().context,
      ).toBe('signed');
      secret = next;
      const stored = rows<{ secret: string }>(
        t.app,
        'SELECT secret FROM link_secrets WHERE site_id = ?',
        site.siteId,
      )[0]!;
      expect(stored.secret).not.toContain(next);
      expect((await t.app.inject({ method: 'GET', url: '/v1/link-secret' })).statusCode).toBe(401);
    });

    it('viewers see neither the secret nor the links; owners do, and rotate with this server’s Origin', async () => {
      const viewer = await addUser(t.app, 'viewer@shop.example', 'viewer', [site.siteId]);
      const owner = await addUser(t.app, 'owner@shop.example', 'owner');
      const as = (userId: string) => ({ cookie: sessionCookieFor(t.app, userId) });
      const q = `?site=${site.siteId}`;
      for (const url of [`/v1/link-secret${q}`, `/v1/prompts/${prompt.id}/links${q}`]) {
        const denied = await t.app.inject({ url, headers: as(viewer.userId) });
        expect(denied.statusCode, url).toBe(403);
        expect(denied.body).not.toContain('lsec_');
        expect((await t.app.inject({ url, headers: as(owner.userId) })).statusCode, url).toBe(200);
      }
      const rotate = (headers: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url: `/v1/link-secret/rotate${q}`,
          headers: { ...as(owner.userId), ...headers },
        });
      expect((await rotate({})).statusCode).toBe(403);
      const rotated = await rotate({ origin: SAME_ORIGIN });
      expect(rotated.statusCode).toBe(200);
      secret = rotated.json<LinkSecret>().secret;
    });

    it('GET /v1/prompts/:id/links: the scale as e-mail links, with the token or its placeholder', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/v1/prompts/${csat.id}/links`, headers: auth });
      expect(res.statusCode).toBe(200);
      const links = res.json<PromptLinks>();
      expect(links.scale.map((s) => s.score)).toEqual([1, 2, 3, 4, 5]);
      expect(links.tokenPlaceholder).toBe('{{LOUPE_TOKEN}}');
      expect(links.scale[0]!.url).toMatch(new RegExp(`/s/${csat.id}\\?score=1&t=\\{\\{LOUPE_TOKEN\\}\\}$`));
      expect(links.qrUrl).toMatch(/\?c=qr$/);
      const nps = (
        await t.app.inject({ method: 'GET', url: `/v1/prompts/${prompt.id}/links?t=abc.def`, headers: auth })
      ).json<PromptLinks>();
      expect(nps.scale).toHaveLength(11);
      expect(nps.tokenPlaceholder).toBeNull();
      expect(nps.html).toContain('&lt;b&gt;recommend');
      expect(nps.html).toContain('score=10&amp;t=abc.def');
      expect(nps.text.split('\n')).toContain(`0 (Not at all likely): ${nps.scale[0]!.url}`);
      const otherAuth = { authorization: `Bearer ${other.secretKey}` };
      expect(
        (await t.app.inject({ method: 'GET', url: `/v1/prompts/${prompt.id}/links`, headers: otherAuth })).statusCode,
      ).toBe(404);
    });
  });

  describe('link surveys: rate limit', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await apps.create(engine, { LOUPE_LINK_RATE_LIMIT_MAX: '3' });
    });
    afterAll(() => t.close());

    it('unsigned links are rate-limited per client: 429 problem+json with Retry-After', async () => {
      const site = createSite(t.app.db, { name: 'Shop', origins: [] });
      const auth = { authorization: `Bearer ${site.secretKey}` };
      const p = (
        await t.app.inject({
          method: 'POST',
          url: '/v1/prompts',
          headers: auth,
          payload: { name: 'Q', kind: 'csat', texts: { en: { question: 'Q?' } } },
        })
      ).json<Prompt>();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/s/${p.id}/answers`,
          payload: { answerId: crypto.randomUUID(), score: 4 },
          remoteAddress: '10.1.1.1',
        });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) {
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(res.json()).toMatchObject({ code: 'rate_limited' });
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        }
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      const page = await t.app.inject({ method: 'GET', url: `/s/${p.id}`, remoteAddress: '10.1.1.1' });
      expect(page.statusCode).toBe(429);
      // Another client is not affected.
      const fresh = await t.app.inject({ method: 'GET', url: `/s/${p.id}`, remoteAddress: '10.1.1.2' });
      expect(fresh.statusCode).toBe(200);
    });
  });
});
