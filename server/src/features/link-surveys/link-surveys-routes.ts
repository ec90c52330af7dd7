import { linkSecretSchema, promptLinksSchema } from '@loupe/shared';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../errors/catalogue.js';
import { problemResponses } from '../../errors/problem-responses.js';
import { authenticatedSite } from '../../plugins/auth.js';
import type { SecretBox } from '../webhooks/secret-box.js';
import { hostedPrompt } from './hosted-prompt-store.js';
import { linkSecretOf, rotateLinkSecret } from './link-secrets-store.js';
import { promptLinkSnippet, TOKEN_PLACEHOLDER } from './prompt-link-snippet.js';

export interface LinkSurveysRoutesOptions {
  box: SecretBox;
}

/** The link secret and the links are for those who may change the site: its secret key, or an owner's session. */
function ownersOnly(request: FastifyRequest): void {
  if (request.user && request.user.role !== 'owner')
    throw errors.forbidden('Only owners see the link secret and the links; ask an owner.');
}

const secretAnswer = (s: { secret: string; createdAt: number }) => ({
  secret: s.secret,
  createdAt: new Date(s.createdAt).toISOString(),
});

/** The link secret (show, rotate) and a prompt's e-mail links: secret key or owner session. */
export const linkSurveysRoutes: FastifyPluginAsyncZod<LinkSurveysRoutesOptions> = async (app, { box }) => {
  const common = { config: { access: 'site' } } as const;

  app.get(
    '/v1/link-secret',
    {
      ...common,
      schema: {
        tags: ['link surveys'],
        summary: 'The site’s link secret',
        description:
          'The HMAC-SHA256 key your backend signs link tokens with (docs/link-surveys.md); created on first ' +
          'read. Owners and the secret key only: viewers get 403.',
        response: { 200: linkSecretSchema, ...problemResponses(403) },
      },
    },
    async (request) => {
      ownersOnly(request);
      return secretAnswer(linkSecretOf(app.db, box, authenticatedSite(request).siteId));
    },
  );

  app.post(
    '/v1/link-secret/rotate',
    {
      ...common,
      schema: {
        tags: ['link surveys'],
        summary: 'Rotate the link secret',
        description:
          'Answers the new secret. Tokens signed with the previous one keep verifying for 7 days, so links ' +
          'already sent keep their context; after that, their answers are kept without it (flag `tampered`).',
        response: { 200: linkSecretSchema, ...problemResponses(403) },
      },
    },
    async (request) => secretAnswer(rotateLinkSecret(app.db, box, authenticatedSite(request).siteId)),
  );

  app.get(
    '/v1/prompts/:promptId/links',
    {
      ...common,
      schema: {
        tags: ['link surveys'],
        summary: 'A prompt’s links: public, QR and the e-mail snippet',
        description:
          'The one-click score links of the prompt’s scale (NPS 0–10, CSAT 1–5, CES 1–7) as HTML and plain ' +
          `text for an e-mail. With \`t\`, every link carries that token; without it, each carries ${TOKEN_PLACEHOLDER}, ` +
          'to replace with each recipient’s own token (or drop `&t=…` for anonymous answers).',
        params: z.object({ promptId: z.string().min(1).max(64) }),
        querystring: z.object({
          t: z.string().max(8192).optional().meta({
            description:
              'A signed token to put in every link, e.g. eyJzaXRlIjoi…fQ.3q2-7w… (docs/link-surveys.md signs one)',
          }),
        }),
        response: { 200: promptLinksSchema, ...problemResponses(403, 404) },
      },
    },
    async (request) => {
      ownersOnly(request);
      const site = authenticatedSite(request);
      const found = hostedPrompt(app.db, request.params.promptId);
      if ((found.state !== 'active' && found.state !== 'paused') || found.siteId !== site.siteId)
        throw errors.notFound('prompt');
      const base = app.config.publicUrl ?? `${request.protocol}://${request.host}`;
      return promptLinkSnippet(base, found.prompt, request.query.t);
    },
  );
};
