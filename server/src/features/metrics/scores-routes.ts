import { scoresQuerySchema, scoresResponseSchema, traitOfGroup } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolveRange } from '../../analytics/query-range.js';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { audienceOf } from '../../plugins/trait-params.js';
import { readScores } from './scores-store.js';

const GROUP_DIMS = {
  prompt: 'prompt_id',
  path: 'path',
  device: 'device',
  browser: 'browser',
  language: 'language',
  channel: 'channel',
  touchpoint: 'touchpoint',
} as const;

export const scoresRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/metrics/scores',
    {
      config: { access: 'site', share: true, traits: true },
      schema: {
        ...readRouteSchema('metrics'),
        summary: 'NPS, CSAT or CES: score, distribution, series, response and dismissal rates',
        description:
          'Totals over the range, a series per local day, ISO week (Monday first) or month of `tz`, and with ' +
          '`groupBy` a breakdown per prompt, page, device, browser, language, channel or touchpoint. Response rate = responses ÷ displays of ' +
          "the kind's prompts matching the filters; dismissal rate = displays closed unanswered (the visitor's ✕ or Esc) ÷ " +
          'displays, each counted in the hour it happened. Answers count in the hour they were first given; filters are ' +
          'where and by whom an answer was given (its page, the visitor’s device, browser and language). Each summary ' +
          'carries its 95 % confidence interval (method in the schema). `channel` and `touchpoint` (link surveys: answers ' +
          'on the hosted page from e-mail, SMS, QR codes and public links) filter and group too; only `web` answers ' +
          'have displays (the widget shows prompts; a link is no display), so other channels’ response rates are null. ' +
          'Who answered: `trait.<name>=<value>` (the traits `identify` gave the answer’s session before it was given; ' +
          'several combine with AND, at most 20; an unknown name matches nothing), `returning=true|false` (new vs ' +
          'returning visitors) and `groupBy=trait.<name>` (one group per value; answers without the trait are in no ' +
          'group). Displays are not kept per trait, so under these the response and dismissal rates are null.',
        querystring: scoresQuerySchema,
        response: { 200: scoresResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      const range = resolveRange(q);
      return readScores(
        app.db.$client,
        authenticatedSite(request).siteId,
        {
          kind: q.kind,
          interval: q.interval,
          filters: { prompt_id: q.prompt, path: q.path, device: q.device, browser: q.browser, language: q.language },
          link: { channel: q.channel, touchpoint: q.touchpoint },
          groupBy:
            q.groupBy === undefined || traitOfGroup(q.groupBy)
              ? undefined
              : GROUP_DIMS[q.groupBy as keyof typeof GROUP_DIMS],
          audience: audienceOf(request, q),
          traitGroup: traitOfGroup(q.groupBy),
          sampling: { exact: q.exact === 'true', threshold: app.config.funnels.sampleThreshold },
        },
        range,
      );
    },
  );
};
