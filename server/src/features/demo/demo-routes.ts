import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import fastifyStatic from '@fastify/static';
import { siteSchema } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../errors/catalogue.js';
import { problemResponses } from '../../errors/problem-responses.js';
import { findSiteById } from '../sites/sites-store.js';
import { DEMO_PATH, demoBanner } from './demo-banner.js';
import { demoContentSecurityPolicy } from './demo-csp.js';
import { demoOrigins, displayBaseUrl } from './demo-origins.js';
import { getDemoSiteId } from './demo-store.js';
import { seedDemoSite } from './seed-demo-site.js';

/**
 * How long the shop's deliberately slow images take: the home page's hero is the largest
 * element, so this pushes its LCP past 2.5 s ("needs improvement") for the Web Vitals reports.
 */
export const DEMO_SLOW_IMAGE_MS = 3000;

/**
 * The demo for newcomers, registered only with LOUPE_DEMO (`npm start`): the demo shop
 * (demo-site/public) under /demo/ with its deliberately slow images, and on first start the "Demo"
 * site.
 * The demo pages talk to Loupe like a customer's pages would; /demo/site.json only tells them the
 * demo site's public key, which is public by design.
 */
export const demoRoutes: FastifyPluginAsyncZod = async (app) => {
  const { demoDir, dbPath } = app.config;

  app.get(
    `${DEMO_PATH}site.json`,
    {
      schema: {
        tags: ['demo'],
        summary: "The demo site's public settings",
        response: {
          200: siteSchema.pick({ siteId: true, name: true, origins: true, publicKey: true }),
          ...problemResponses(404),
        },
      },
    },
    async (_request, reply) => {
      const id = getDemoSiteId(app.db);
      const site = id ? findSiteById(app.db, id) : undefined;
      if (!site) throw errors.notFound('demo site (it is created on the first start with an empty database)');
      reply.header('cache-control', 'no-store');
      return { siteId: site.siteId, name: site.name, origins: site.origins, publicKey: site.publicKey };
    },
  );

  if (existsSync(demoDir)) {
    const csp = demoContentSecurityPolicy(demoDir);
    // Everything in this plugin's scope is the demo's: its pages get the demo's policy
    // (plugins/security-headers.ts adds nosniff, X-Frame-Options and no-store or the files' own caching).
    app.addHook('onRequest', async (_request, reply) => {
      reply.header('content-security-policy', csp);
    });
    await app.register(fastifyStatic, { root: demoDir, prefix: DEMO_PATH, redirect: true, index: 'index.html' });
    // Relative links in the demo pages need the trailing slash.
    app.get('/demo', { schema: { hide: true } }, async (_request, reply) => reply.redirect(DEMO_PATH, 301));
    // The checkout is a small single-page app (history.pushState between its steps): every path
    // below it serves its one HTML file, as a customer's SPA host does, so reloading a step works.
    app.get(`${DEMO_PATH}checkout/*`, { schema: { hide: true } }, async (_request, reply) =>
      reply.sendFile('checkout/index.html'),
    );
    // Honest friction for the demo: an image from img/ served slowly, never cached, on every visit.
    app.get(
      `${DEMO_PATH}slow/:file`,
      { schema: { hide: true, params: z.object({ file: z.string().regex(/^[a-z0-9-]+\.svg$/) }) } },
      async (request, reply) => {
        const file = `img/${request.params.file}`;
        if (!existsSync(path.join(demoDir, file))) throw errors.notFound('demo image');
        await delay(DEMO_SLOW_IMAGE_MS);
        reply.header('cache-control', 'no-store');
        return reply.sendFile(file, { cacheControl: false });
      },
    );
  } else {
    app.log.warn({ demoDir }, 'demo site folder is missing; /demo/ answers 404');
    const missing = async () => {
      throw errors.notFound('demo site on this server (its folder, demo-site/public, is missing)');
    };
    app.get('/demo', { schema: { hide: true } }, missing);
    app.get(`${DEMO_PATH}*`, { schema: { hide: true } }, missing);
  }

  // After listen, because the demo site's origin needs the real port (PORT=0 picks one).
  app.addHook('onListen', async () => {
    const address = app.server.address() as AddressInfo | null;
    if (!address || typeof address === 'string') return;
    const demo = seedDemoSite(app.db, { dbPath, origins: demoOrigins(app.config.host, address.port) });
    // Its origins may be new (another port): the CORS decision may have refused them already.
    if (demo) await app.changes.publish({ topic: 'sites', siteId: demo.site.siteId });
    process.stdout.write(demoBanner(displayBaseUrl(app.config.host, address.port), demo, dbPath));
  });
};
