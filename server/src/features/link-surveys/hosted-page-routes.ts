import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import {
  LINK_PAGE_PATH,
  type LinkAnswerResult,
  linkAnswerBodySchema,
  linkAnswerResultSchema,
  MAX_LINK_TOKEN_BYTES,
  SCORE_RANGES,
} from '@loupe/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../errors/catalogue.js';
import { problemResponses } from '../../errors/problem-responses.js';
import { WindowCounterStore } from '../../lib/window-counter-store.js';
import { contentSecurityPolicy } from '../../plugins/security-headers.js';
import { classifyUserAgent } from '../../privacy/user-agent.js';
import { prepareEvents } from '../ingest/http/prepare-events.js';
import type { LinkRowContext } from '../ingest/ingest-row.js';
import type { SecretBox } from '../webhooks/secret-box.js';
import { hostedPageHtml, noticePageHtml } from './hosted-page-html.js';
import { hostedPrompt } from './hosted-prompt-store.js';
import { linkDisplayId } from './link-display-id.js';
import { acceptedLanguages, chromeLanguage, promptPageLanguage } from './page-language.js';
import { verifyingLinkSecrets } from './link-secrets-store.js';
import { checkLinkToken } from './link-token.js';

/**
 * The hosted page: its own script and stylesheet, the prompt chunk, and answers posted to its own
 * origin; nothing inline, never framed, no form posts elsewhere.
 */
export const HOSTED_PAGE_CSP = contentSecurityPolicy({
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
});

const promptParams = z.object({ promptId: z.string().min(1).max(64) });

const pageQuery = z.object({
  score: z
    .string()
    .max(16)
    .optional()
    .meta({ description: 'The score chosen in the e-mail, e.g. 9; off the scale, none is chosen' }),
  t: z
    .string()
    .max(MAX_LINK_TOKEN_BYTES * 4)
    .optional()
    .meta({ description: 'The signed token (docs/link-surveys.md); its context is attached to the answer' }),
  c: z.enum(['qr', 'link']).optional().meta({ description: 'An unsigned link’s channel: `qr` on a QR code' }),
  lang: z.string().max(35).optional().meta({ description: 'The language to show, before the browser’s' }),
});

/** Browsers name text/html in Accept when they navigate; scripts and tools get problem+json. */
const wantsHtml = (request: FastifyRequest) => /\btext\/html\b/.test(request.headers.accept ?? '');

/** A dead link: a friendly page for people (their browsers ask for HTML), problem+json for the rest. */
function refuse(request: FastifyRequest, reply: FastifyReply, status: 404 | 410, language: string) {
  if (!wantsHtml(request)) throw status === 404 ? errors.notFound('prompt') : errors.promptClosed();
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('content-language', language)
    .header('vary', 'accept-language')
    .send(noticePageHtml(status, language));
}

export interface HostedPageRoutesOptions {
  box: SecretBox;
}

/**
 * `GET /s/:promptId`: the page; `POST /s/:promptId/answers`: what its script sends. The GET (and
 * HEAD) stores nothing, so mail scanners that open every link of an e-mail record no answer: only
 * the page's script, run in a person's browser, posts. No cookies are read or set. Both are
 * rate-limited per client address (LOUPE_LINK_RATE_LIMIT_MAX), public links and QR codes above all.
 */
export const hostedPageRoutes: FastifyPluginAsyncZod<HostedPageRoutesOptions> = async (app, { box }) => {
  const { linkRateLimit } = app.config;
  await app.register(rateLimit, {
    max: linkRateLimit.max,
    timeWindow: linkRateLimit.windowMs,
    keyGenerator: (req) => req.ip,
    store: WindowCounterStore.withCapacity(linkRateLimit.buckets),
    errorResponseBuilder: (_req, ctx) => errors.rateLimited(Math.max(1, Math.ceil(ctx.ttl / 1000))),
  });

  app.get(
    `${LINK_PAGE_PATH}/:promptId`,
    {
      schema: {
        tags: ['link surveys'],
        summary: 'A prompt’s hosted page (link surveys)',
        description:
          'HTML for people: the prompt full-page, drawn by the widget’s prompt chunk. Opening it records ' +
          'nothing (mail scanners open links too); its script posts the answer. With `score` on the scale, ' +
          'it opens with that score chosen and records it at once. Unknown prompt: 404; paused or deleted: ' +
          '410 (friendly pages in HTML, problem+json when JSON is asked for).',
        params: promptParams,
        querystring: pageQuery,
        produces: ['text/html'],
        response: { 200: z.string().meta({ description: 'The page' }), ...problemResponses(400, 404, 410, 429) },
      },
    },
    async (request, reply) => {
      const { promptId } = request.params;
      const found = hostedPrompt(app.db, promptId);
      // `?lang=`, then the browser's languages: among the prompt's texts (as the page's script
      // picks them), or, without a prompt, among the languages the page's chrome is written in.
      const wanted = [
        ...(request.query.lang ? [request.query.lang] : []),
        ...acceptedLanguages(request.headers['accept-language']),
      ];
      if (found.state === 'unknown') return refuse(request, reply, 404, chromeLanguage(wanted));
      if (found.state === 'gone') return refuse(request, reply, 410, chromeLanguage(wanted));
      if (found.state === 'paused') return refuse(request, reply, 410, promptPageLanguage(found.prompt, wanted));
      const { prompt } = found;
      const [min, max] = SCORE_RANGES[prompt.kind];
      const asked = request.query.score;
      const n = asked !== undefined && /^\d{1,2}$/.test(asked) ? Number(asked) : Number.NaN;
      const score = n >= min && n <= max ? n : null;
      const lang = request.query.lang ?? null;
      const pageLanguage = promptPageLanguage(prompt, wanted);
      reply.header('content-security-policy', HOSTED_PAGE_CSP).header('vary', 'accept-language');
      return reply.type('text/html; charset=utf-8').send(
        hostedPageHtml(prompt.texts[pageLanguage]?.question ?? '', pageLanguage, {
          prompt,
          score,
          token: request.query.t ?? null,
          channel: request.query.c ?? null,
          answersUrl: `${LINK_PAGE_PATH}/${encodeURIComponent(promptId)}/answers`,
          language: lang,
        }),
      );
    },
  );

  app.post(
    `${LINK_PAGE_PATH}/:promptId/answers`,
    {
      bodyLimit: 16 * 1024,
      schema: {
        tags: ['link surveys'],
        summary: 'Record or update a hosted page’s answer',
        description:
          'Sent by the hosted page’s script when a score is chosen or changed and when a comment is sent. ' +
          'One response per token (or per `answerId` without one): every call updates it. A tampered, ' +
          'expired, oversized, malformed or other site’s token still records the answer, without its ' +
          'context, and `context` says why.',
        params: promptParams,
        body: linkAnswerBodySchema,
        response: { 200: linkAnswerResultSchema, ...problemResponses(400, 404, 410, 413, 415, 429, 503) },
      },
    },
    async (request) => {
      const { promptId } = request.params;
      const found = hostedPrompt(app.db, promptId);
      if (found.state === 'unknown') throw errors.notFound('prompt');
      if (found.state !== 'active') throw errors.promptClosed();
      const { siteId, prompt } = found;
      const body = request.body;
      const [min, max] = SCORE_RANGES[prompt.kind];
      if (body.score < min || body.score > max) {
        const message = `${prompt.kind} score must be between ${min} and ${max}`;
        throw errors.validation(`body.score: ${message}`, [{ path: 'body.score', message }]);
      }
      if (body.t === undefined && body.answerId === undefined) {
        const message = 'send the link’s token (t) or, without one, the page’s answerId';
        throw errors.validation(`body: ${message}`, [{ path: 'body.answerId', message }]);
      }
      const now = Date.now();
      let context: LinkAnswerResult['context'] = 'none';
      let link: LinkRowContext = {
        channel: body.channel ?? 'link',
        touchpoint: null,
        customerId: null,
        traits: null,
        flag: null,
      };
      if (body.t !== undefined) {
        const check = checkLinkToken(body.t, {
          siteId,
          promptId,
          secrets: verifyingLinkSecrets(app.db, box, siteId, now),
          now: Math.floor(now / 1000),
        });
        if (check.ok) {
          const p = check.payload;
          context = 'signed';
          link = {
            channel: p.channel ?? 'email',
            touchpoint: p.touchpoint ?? null,
            customerId: p.customer ?? null,
            traits: p.traits && Object.keys(p.traits).length ? JSON.stringify(p.traits) : null,
            flag: null,
          };
        } else {
          context = check.flag;
          link = { ...link, flag: check.flag };
        }
      }
      const displayId = linkDisplayId(
        siteId,
        promptId,
        body.t !== undefined ? { token: body.t } : { answerId: body.answerId! },
      );
      const language = body.language || prompt.defaultLanguage;
      const event = {
        id: randomUUID(),
        type: 'response',
        ts: now,
        // A hosted page's answer is its own "session": it belongs to no visit of the site.
        sessionId: displayId,
        url: `${LINK_PAGE_PATH}/${promptId}`,
        path: `${LINK_PAGE_PATH}/${promptId}`,
        language,
        promptId,
        displayId,
        kind: prompt.kind,
        score: body.score,
        ...(body.comment?.trim() ? { comment: body.comment } : {}),
      };
      const { rows, rejected } = prepareEvents([event], undefined, {
        siteId,
        receivedAt: now,
        client: classifyUserAgent(request.headers['user-agent']),
      });
      const row = rows[0];
      if (!row) throw errors.validation(`body: ${rejected[0]?.reason ?? 'invalid answer'}`);
      row.link = JSON.stringify(link);
      await app.ingestWriter.write(rows);
      return { responseId: displayId, context };
    },
  );
};
