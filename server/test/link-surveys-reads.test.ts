import { randomUUID } from 'node:crypto';
import type { LinkSecret, Prompt, ResponseItem, ResponsesPage, ScoresResponse } from '@loupe/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLinkToken } from '../src/features/link-surveys/link-token.js';
import { eventData } from '../src/features/webhooks/webhook-payload.js';
import { collect, shopSite } from './helpers/collect.js';
import { pageview, response } from './helpers/events.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  // Answers from links flow into what exists: scores by channel and touchpoint, the inbox's
  // filters, the exports and the webhooks' payload, next to the widget's own answers.

  describe('link survey answers in the read API', () => {
    let t: TestApp;
    let site: ReturnType<typeof shopSite>;
    let auth: { authorization: string };
    let prompt: Prompt;
    const get = async <T>(url: string): Promise<T> => {
      const r = await t.app.inject({ url, headers: auth });
      expect(r.statusCode, r.body).toBe(200);
      return r.json<T>();
    };
    const csv = (url: string) => t.app.inject({ url, headers: auth }).then((r) => r.body);

    beforeAll(async () => {
      t = await apps.create(engine, { LOUPE_LINK_RATE_LIMIT_MAX: '1000' });
      site = shopSite(t.app);
      auth = { authorization: `Bearer ${site.secretKey}` };
      prompt = (
        await t.app.inject({
          method: 'POST',
          url: '/v1/prompts',
          headers: auth,
          payload: { name: 'NPS', kind: 'nps', texts: { en: { question: 'Recommend us?' } } },
        })
      ).json<Prompt>();
      // The widget: two answers on the site (a promoter, a detractor), after a display each.
      const web = [randomUUID(), randomUUID()];
      const shown = (displayId: string) => ({
        ...pageview({ sessionId: displayId }),
        type: 'prompt_shown',
        promptId: prompt.id,
        displayId,
      });
      const res = await collect(t.app, {
        key: site.publicKey,
        events: [
          shown(web[0]!),
          shown(web[1]!),
          { ...response(web[0]!, 10, { sessionId: web[0]! }), promptId: prompt.id },
          { ...response(web[1]!, 2, { sessionId: web[1]! }), promptId: prompt.id },
        ],
      });
      expect(res.json().accepted).toBe(4);
      // Links: three e-mail answers of the support touchpoint (9, 9, 3), one of delivery (10), one QR.
      const secret = (await t.app.inject({ url: '/v1/link-secret', headers: auth })).json<LinkSecret>().secret;
      const exp = Math.floor(Date.now() / 1000) + 3600;
      const linked: [string, number, string | undefined][] = [
        ['support', 9, undefined],
        ['support', 9, 'Quick and kind'],
        ['support', 3, 'Three days to answer'],
        ['delivery', 10, undefined],
      ];
      for (const [i, [touchpoint, score, comment]] of linked.entries()) {
        const token = signLinkToken(
          { site: site.siteId, customer: `cus_${i}`, touchpoint, channel: 'email', traits: { plan: 'pro' }, exp },
          secret,
        );
        const r = await t.app.inject({
          method: 'POST',
          url: `/s/${prompt.id}/answers`,
          payload: { t: token, score, ...(comment ? { comment } : {}) },
        });
        expect(r.statusCode, r.body).toBe(200);
      }
      const qr = await t.app.inject({
        method: 'POST',
        url: `/s/${prompt.id}/answers`,
        payload: { answerId: randomUUID(), score: 0, channel: 'qr' },
      });
      expect(qr.statusCode).toBe(200);
    });
    afterAll(() => t.close());

    it('scores: NPS per channel and per touchpoint is one query; totals unchanged by grouping', async () => {
      const all = await get<ScoresResponse>('/v1/metrics/scores?kind=nps');
      expect(all.total.responses).toBe(7);
      // The response rate stays the widget's: its 2 answers to its 2 displays, links aside.
      expect(all.total).toMatchObject({ displays: 2, responseRate: 100 });
      expect(all.series.find((p) => p.displays > 0)).toMatchObject({ displays: 2, responseRate: 100 });
      const byPrompt = await get<ScoresResponse>('/v1/metrics/scores?kind=nps&groupBy=prompt');
      expect(byPrompt.groups).toEqual([expect.objectContaining({ key: prompt.id, responses: 7, responseRate: 100 })]);
      const byChannel = await get<ScoresResponse>('/v1/metrics/scores?kind=nps&groupBy=channel');
      expect(byChannel.total).toEqual(all.total);
      const groups = Object.fromEntries(byChannel.groups!.map((g) => [g.key, g]));
      expect(Object.keys(groups).sort()).toEqual(['email', 'qr', 'web']);
      expect(groups.web).toMatchObject({ responses: 2, displays: 2, responseRate: 100, score: 0 });
      // 9, 9, 3, 10: three promoters, one detractor of four; no displays behind a link.
      expect(groups.email).toMatchObject({ responses: 4, comments: 2, displays: 0, responseRate: null, score: 50 });
      expect(groups.qr).toMatchObject({ responses: 1, score: -100 });

      const byTouchpoint = await get<ScoresResponse>('/v1/metrics/scores?kind=nps&groupBy=touchpoint');
      expect(byTouchpoint.total.responses).toBe(7);
      expect(byTouchpoint.groups!.map((g) => [g.key, g.responses, g.score])).toEqual([
        ['support', 3, 33.33],
        ['delivery', 1, 100],
      ]);
      const support = await get<ScoresResponse>('/v1/metrics/scores?kind=nps&touchpoint=support&interval=day');
      expect(support.total).toMatchObject({ responses: 3, displays: 0 });
      expect(support.series.reduce((n, p) => n + p.responses, 0)).toBe(3);
      const web = await get<ScoresResponse>('/v1/metrics/scores?kind=nps&channel=web');
      expect(web.total).toMatchObject({ responses: 2, displays: 2, score: 0 });
    });

    it('the inbox filters by channel, touchpoint and customer, and shows the context', async () => {
      const emails = await get<ResponsesPage>('/v1/responses?channel=email');
      expect(emails.responses).toHaveLength(4);
      const delivery = await get<ResponsesPage>('/v1/responses?touchpoint=delivery');
      expect(delivery.responses).toEqual([
        expect.objectContaining({
          score: 10,
          channel: 'email',
          touchpoint: 'delivery',
          customerId: 'cus_3',
          traits: { plan: 'pro' },
          linkFlag: null,
        }),
      ]);
      expect((await get<ResponsesPage>('/v1/responses?customer=cus_2')).responses.map((r) => r.comment)).toEqual([
        'Three days to answer',
      ]);
      const web = await get<ResponsesPage>('/v1/responses?channel=web');
      expect(web.responses.map((r) => [r.channel, r.touchpoint, r.customerId])).toEqual([
        ['web', null, null],
        ['web', null, null],
      ]);
      expect((await t.app.inject({ url: '/v1/responses?channel=fax', headers: auth })).statusCode).toBe(400);
    });

    // The CSV export (GET /v1/responses.csv) is not served on PostgreSQL yet (plugins/postgres-routes.ts).
    it.runIf(engine === 'sqlite')(
      'exports carry channel, touchpoint, customer and traits; webhooks’ payloads too',
      async () => {
        const body = await csv('/v1/responses.csv?touchpoint=support');
        const [header, ...lines] = body.trim().split(/\r?\n/);
        expect(header!.split(',').slice(-5)).toEqual([
          '"channel"',
          '"touchpoint"',
          '"customer_id"',
          '"traits"',
          '"link_flag"',
        ]);
        expect(lines).toHaveLength(3);
        expect(lines.every((l) => l.includes('"email","support","cus_'))).toBe(true);
        const ndjson = (await csv('/v1/responses.ndjson?channel=qr'))
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as ResponseItem);
        expect(ndjson).toEqual([expect.objectContaining({ channel: 'qr', score: 0, touchpoint: null })]);

        const [one] = (await get<ResponsesPage>('/v1/responses?touchpoint=delivery')).responses;
        const payload = eventData(t.app.db, site.siteId, 'response.created', one!.id);
        expect(payload?.data).toMatchObject({
          channel: 'email',
          touchpoint: 'delivery',
          customerId: 'cus_3',
          traits: { plan: 'pro' },
        });
      },
    );
  });
});
