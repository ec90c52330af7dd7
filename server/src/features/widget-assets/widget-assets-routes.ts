import { existsSync } from 'node:fs';
import path from 'node:path';
import { WIDGET_PATH } from '@loupe/shared/constants';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errors } from '../../errors/catalogue.js';
import { problemResponses } from '../../errors/problem-responses.js';
import { builtFilesPlugin, FILE_SEGMENT } from '../../plugins/built-files.js';
import { contentSecurityPolicy } from '../../plugins/security-headers.js';

/** The loader URL never changes, so it is cached briefly and revalidated with its ETag. */
export const WIDGET_CACHE_CONTROL = 'public, max-age=300';
/** Chunk names carry a content hash: a changed chunk is a new URL, so caches may keep them forever. */
export const CHUNK_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** Dev builds change on every rebuild; always revalidate. */
export const DEV_CACHE_CONTROL = 'no-cache';

const CHUNK_NAME = new RegExp(`^${FILE_SEGMENT}$`);
const DEV_PATH = new RegExp(`^${FILE_SEGMENT}(/${FILE_SEGMENT})*$`);

/**
 * The studio's prompt preview: its own scripts only, no inline code, no requests, framed by this
 * origin only (the dashboard). Constructable stylesheets and the CSSOM, which the prompt uses,
 * are not governed by style-src.
 */
export const PREVIEW_CSP = contentSecurityPolicy({
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'self'"],
});

function cacheControlFor(relativePath: string): string {
  // The preview names the current prompt chunk, so it is revalidated like a dev build.
  // So does the link surveys' hosted page script.
  if (relativePath.startsWith('dev/') || relativePath.startsWith('preview/') || relativePath.startsWith('link/'))
    return DEV_CACHE_CONTROL;
  if (relativePath.startsWith('chunks/')) return CHUNK_CACHE_CONTROL;
  return WIDGET_CACHE_CONTROL;
}

export interface WidgetAssetsOptions {
  /** widget/dist: widget.js, chunks/<hashed>, and optionally dev/… */
  dir: string;
}

/**
 * Serves the built widget to any site: `Access-Control-Allow-Origin: *` lets pages load it as a
 * module or with `crossorigin`, and `Cross-Origin-Resource-Policy: cross-origin` lets pages that
 * set COEP embed it. Only the three shapes below are served: no directory listing, no traversal
 * (names are checked here, and @fastify/send refuses `..` again).
 */
export const widgetAssetsRoutes: FastifyPluginAsyncZod<WidgetAssetsOptions> = async (app, opts) => {
  await app.register(builtFilesPlugin, {
    dir: opts.dir,
    headers: (reply, rel, filePath) => {
      if (!rel.startsWith('preview/') && !rel.startsWith('link/')) {
        reply.header('access-control-allow-origin', '*');
        reply.header('cross-origin-resource-policy', 'cross-origin');
        reply.header('timing-allow-origin', '*');
      }
      reply.header('x-content-type-options', 'nosniff');
      reply.header('cache-control', cacheControlFor(rel));
      // The build writes a source map beside each script; naming it in a header rather than a
      // sourceMappingURL comment keeps every byte of the script for the visitor's download.
      const script = filePath.replace(/\.(gz|br)$/, '');
      if (script.endsWith('.js') && existsSync(`${script}.map`))
        reply.header('sourcemap', `${path.basename(script)}.map`);
    },
  });

  const send = (reply: FastifyReply, file: string) => {
    if (!existsSync(opts.dir)) throw errors.widgetNotBuilt();
    return reply.sendFile(file);
  };

  const assetErrors = problemResponses(404, 503);

  app.get(
    WIDGET_PATH,
    { schema: { tags: ['widget'], summary: 'The widget loader script', response: assetErrors } },
    async (_request, reply) => {
      if (!existsSync(path.join(opts.dir, 'widget.js'))) throw errors.widgetNotBuilt();
      return send(reply, 'widget.js');
    },
  );

  app.get(
    `${WIDGET_PATH}.map`,
    { schema: { tags: ['widget'], summary: "The loader's source map", response: assetErrors } },
    async (_request, reply) => send(reply, 'widget.js.map'),
  );

  app.get(
    '/chunks/:file',
    {
      schema: {
        tags: ['widget'],
        summary: 'A lazily loaded, content-hashed chunk',
        params: z.object({ file: z.string().max(255) }),
        response: assetErrors,
      },
    },
    async (request, reply) => {
      const { file } = request.params;
      if (!CHUNK_NAME.test(file)) throw errors.notFound(`chunk ${file}`);
      return send(reply, `chunks/${file}`);
    },
  );

  app.get(
    '/preview/:file',
    {
      schema: {
        tags: ['widget'],
        summary: "The studio's live prompt preview (prompt.html, framed by the dashboard, and its prompt.js)",
        params: z.object({ file: z.string().max(255) }),
        response: assetErrors,
      },
    },
    async (request, reply) => {
      const { file } = request.params;
      if (file !== 'prompt.html' && file !== 'prompt.js') throw errors.notFound(`file preview/${file}`);
      if (file === 'prompt.html') reply.header('content-security-policy', PREVIEW_CSP);
      return send(reply, `preview/${file}`);
    },
  );

  app.get(
    '/link/:file',
    {
      schema: {
        tags: ['widget'],
        summary: "The link surveys' hosted page: its script (page.js, which mounts the prompt chunk) and stylesheet",
        params: z.object({ file: z.string().max(255) }),
        response: assetErrors,
      },
    },
    async (request, reply) => {
      const { file } = request.params;
      if (file !== 'page.js' && file !== 'page.css') throw errors.notFound(`file link/${file}`);
      return send(reply, `link/${file}`);
    },
  );

  app.get(
    '/dev/*',
    // Development aid only (the dev build with console warnings), so it stays out of the API docs.
    { schema: { hide: true } },
    async (request, reply) => {
      const rest = (request.params as { '*': string })['*'];
      if (!DEV_PATH.test(rest)) throw errors.notFound(`file dev/${rest}`);
      return send(reply, `dev/${rest}`);
    },
  );
};
