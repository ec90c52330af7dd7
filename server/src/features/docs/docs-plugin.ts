import { readFileSync } from 'node:fs';
import path from 'node:path';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { packageRoot } from '../../package-root.js';
import { documentTransform, routeTransform } from './openapi-transforms.js';
import { servedDocument } from './served-document.js';

export const OPENAPI_PATH = '/openapi.json';
export const DOCS_PATH = '/docs';

const version = (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string })
  .version;

/**
 * The OpenAPI document is generated from the route schemas (the shared zod schemas), so it cannot
 * drift from what the server validates. Wrapped with fastify-plugin so @fastify/swagger's onRoute
 * hook sits on the root instance and sees every route of every feature registered after this one.
 * Swagger UI serves its own assets from node_modules: /docs works offline, with no CDN. /docs and
 * /openapi.json serve the same document (servedDocument: examples of the last 30 days).
 */
export const docsPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Loupe API',
          version,
          description:
            'Self-hosted customer-experience measurement. Errors are `application/problem+json` ' +
            '(RFC 9457) with a stable `code`.\n\n' +
            "**To try the API here, press Authorize and paste your site's secret key** (`sk_…`, printed " +
            'when the site was created; `npm run site -- rotate-secret` makes a new one) into **secretKey**. ' +
            'It reads and manages that one site. The **adminToken** below it (`LOUPE_ADMIN_TOKEN`) is only ' +
            "for creating and managing sites. The widget's own routes need neither.",
          license: { name: 'MIT' },
        },
        tags: [
          { name: 'ingestion', description: 'What the widget sends (public key)' },
          { name: 'prompts', description: 'NPS, CSAT and CES prompts (secret key) and the widget config (public key)' },
          { name: 'metrics', description: 'Scores, pages and the overview, over any range and time zone (secret key)' },
          { name: 'responses', description: 'Answers with the friction before them, triage, exports (secret key)' },
          { name: 'signals', description: 'Error groups and rage, dead and error clicks (secret key)' },
          {
            name: 'funnels',
            description:
              'Conversion through steps chosen when asked, and goal conversion per page, device and score band (secret key)',
          },
          {
            name: 'insights',
            description: 'Which friction, paths and touchpoints go with low scores (secret key)',
          },
          {
            name: 'page groups',
            description: "Named sets of a site's pages, read as touchpoints (secret key; changes: owners)",
          },
          { name: 'sites', description: 'Sites and their keys (owners, or the admin token)' },
          {
            name: 'users',
            description: "The dashboard's people: invite, remove, reset a password (owners, or the admin token)",
          },
          { name: 'shares', description: "Shared links: read-only views of one site's overview and scores" },
          {
            name: 'webhooks',
            description: 'Signed deliveries of new answers and errors to your endpoints and Slack (secret key)',
          },
          {
            name: 'privacy',
            description:
              "A visitor's rights: erasing a visitor's or a session's data, exporting a visitor's (secret key)",
          },
          {
            name: 'audit',
            description: 'The record of every deletion: who, what, when, how many rows (owners, or the admin token)',
          },
          {
            name: 'link surveys',
            description:
              'Prompts answered on the hosted page /s/<promptId>: e-mail one-click links, SMS, QR codes, public links; ' +
              'the link secret that signs their tokens',
          },
          {
            name: 'auth',
            description: "The dashboard's accounts: log in and out, the current user, first-start setup",
          },
          { name: 'widget', description: 'The embeddable script and its lazily loaded chunks' },
          { name: 'dashboard', description: 'The web app for site owners at /app/' },
          // The demo's routes exist only with LOUPE_DEMO (npm start).
          ...(app.config.demo ? [{ name: 'demo', description: 'The built-in demo site (npm start only)' }] : []),
          { name: 'operations', description: 'Health and documentation' },
        ],
        components: {
          // In this order in /docs' Authorize dialog: the secret key is what most calls need.
          securitySchemes: {
            secretKey: {
              type: 'http',
              scheme: 'bearer',
              bearerFormat: 'sk_…',
              description:
                "**Your site's secret key** (`sk_…`): paste it here to try the read API, prompts and exports. " +
                'It reads and manages that one site. Never put it in a page.',
            },
            adminToken: {
              type: 'http',
              scheme: 'bearer',
              description:
                '**Instance admin token** (`LOUPE_ADMIN_TOKEN`), only for the sites routes (`/v1/sites`): creating ' +
                'sites and rotating their keys. Not a site key.',
            },
            sessionCookie: {
              type: 'apiKey',
              in: 'cookie',
              name: 'loupe_session',
              description:
                '**Dashboard login**, nothing to paste: the browser sends the cookie after POST /v1/auth/login. On ' +
                "site-scoped routes add `?site=<siteId>` of a site the user may see; changes need an owner and this server's " +
                'own `Origin` header.',
            },
            shareCookie: {
              type: 'apiKey',
              in: 'cookie',
              name: 'loupe_share_<shareId>',
              description:
                'A shared link opened in this browser (POST /v1/shares/{shareId}/session). On the reads a shared view ' +
                'shows, add `?share=<shareId>` instead of `?site=`; nothing else accepts it.',
            },
          },
        },
      },
      transform: routeTransform,
      transformObject: documentTransform,
    });

    await app.register(swaggerUi, {
      routePrefix: DOCS_PATH,
      staticCSP: true,
      // The default CSP upgrades requests to https (breaking /docs on a plain-http LAN address),
      // blocks the inline styles Swagger UI sets and lets same-origin pages frame it; styles stay
      // same-origin, scripts 'self' only, and no page may frame the docs.
      transformStaticCSP: (header) =>
        header
          .replace(/\s*upgrade-insecure-requests;?/, '')
          .replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'")
          .replace(/frame-ancestors [^;]*/, "frame-ancestors 'none'"),
      // validatorUrl: null keeps the page from calling validator.swagger.io (no outside requests).
      uiConfig: { docExpansion: 'list', deepLinking: true, validatorUrl: null },
      transformSpecification: (spec) => servedDocument(spec, Date.now()),
      transformSpecificationClone: false,
    });

    app.get(OPENAPI_PATH, { schema: { hide: true } }, async (_request, reply) =>
      // Public information; letting any origin read it lets external API tools load it.
      reply
        .header('access-control-allow-origin', '*')
        .type('application/json')
        .send(servedDocument(app.swagger(), Date.now())),
    );
  },
  { name: 'loupe-docs' },
);
