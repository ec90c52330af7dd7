import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';

/** One path segment of a built file: no dot-files, no separators, no encoded tricks. */
export const FILE_SEGMENT = '[A-Za-z0-9_-][A-Za-z0-9._-]*';

export interface BuiltFilesOptions {
  /** The build's output folder. */
  dir: string;
  /**
   * The headers of a file actually served (a 404 never gets them, so never a year-long cache),
   * given its path relative to `dir` with `/` separators, and its path on disk.
   */
  headers: (reply: FastifyReply, relativePath: string, filePath: string) => void;
}

/**
 * `reply.sendFile` over a folder of built files, for the feature that registers it (the widget's
 * and the dashboard's): no directory listing, no dot-files, ETag and Last-Modified, the `.br` /
 * `.gz` copies the build writes beside a file, and each feature's own cache headers. Routes name
 * the files they serve; this serves nothing by itself.
 */
export const builtFilesPlugin = fp(
  async (app: FastifyInstance, opts: BuiltFilesOptions) => {
    await app.register(fastifyStatic, {
      root: opts.dir,
      serve: false,
      index: false,
      list: false,
      dotfiles: 'deny',
      etag: true,
      lastModified: true,
      cacheControl: false,
      preCompressed: true,
      setHeaders: (reply, filePath) =>
        opts.headers(reply, path.relative(opts.dir, filePath).split(path.sep).join('/'), filePath),
    });

    // send's mime table says application/javascript (also for the pre-compressed variants, whose
    // type is set after setHeaders runs); RFC 9239 made text/javascript the standard.
    app.addHook('onSend', async (_request, reply, payload) => {
      const type = reply.getHeader('content-type');
      if (typeof type === 'string' && type.startsWith('application/javascript')) {
        reply.header('content-type', 'text/javascript; charset=utf-8');
      }
      return payload;
    });
  },
  { name: 'loupe-built-files' },
);
