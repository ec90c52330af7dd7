import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../errors/catalogue.js';
import { problemResponses } from '../../errors/problem-responses.js';
import { builtFilesPlugin, FILE_SEGMENT } from '../../plugins/built-files.js';
import { ASSET_CACHE_CONTROL, dashboardPageHeaders, PAGE_CACHE_CONTROL } from './dashboard-headers.js';

export const DASHBOARD_PATH = '/app/';

const ASSET_NAME = new RegExp(`^${FILE_SEGMENT}$`);

export interface DashboardAssetsOptions {
  /** dashboard/dist: index.html, favicon.svg and assets/<hashed> (+ .gz / .br copies). */
  dir: string;
}

/**
 * The dashboard, a single-page app: every /app/* path answers its one index.html (the app routes
 * in the browser), hashed assets under /app/assets/ are immutable, and `/` redirects to it. The
 * server knows the app only as a folder of built files; the app talks to the API over HTTP.
 */
export const dashboardAssetsRoutes: FastifyPluginAsyncZod<DashboardAssetsOptions> = async (app, opts) => {
  await app.register(builtFilesPlugin, {
    dir: opts.dir,
    headers: (reply, rel) =>
      reply.header('cache-control', rel.startsWith('assets/') ? ASSET_CACHE_CONTROL : PAGE_CACHE_CONTROL),
  });

  const built = () => existsSync(path.join(opts.dir, 'index.html'));
  const send = (reply: FastifyReply, file: string) => {
    if (!built()) throw errors.dashboardNotBuilt();
    if (file === 'index.html') dashboardPageHeaders(reply);
    return reply.sendFile(file);
  };
  const pageErrors = problemResponses(503);

  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect(DASHBOARD_PATH, 302));
  app.get('/app', { schema: { hide: true } }, async (_request, reply) => reply.redirect(DASHBOARD_PATH, 301));

  app.get(
    '/app/assets/:file',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'A content-hashed file of the dashboard (script, style)',
        params: z.object({ file: z.string().max(255) }),
        response: problemResponses(404, 503),
      },
    },
    async (request, reply) => {
      const { file } = request.params;
      if (!ASSET_NAME.test(file) || !existsSync(path.join(opts.dir, 'assets', file))) {
        if (!built()) throw errors.dashboardNotBuilt();
        throw errors.notFound(`dashboard asset ${file}`);
      }
      return send(reply, `assets/${file}`);
    },
  );

  app.get('/app/favicon.svg', { schema: { hide: true } }, async (_request, reply) => send(reply, 'favicon.svg'));

  // Every other path below /app/ is a page of the app: the same HTML, routed in the browser.
  const page = async (_request: unknown, reply: FastifyReply) => send(reply, 'index.html');
  app.get(
    DASHBOARD_PATH,
    { schema: { tags: ['dashboard'], summary: 'The dashboard (a single-page app)', response: pageErrors } },
    page,
  );
  app.get(`${DASHBOARD_PATH}*`, { schema: { hide: true } }, page);
};
