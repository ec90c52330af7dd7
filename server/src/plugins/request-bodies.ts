import type { FastifyBodyParser, FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errors } from '../errors/catalogue.js';
import { mayHoldIllFormedText, wellFormedJson } from '../lib/well-formed-text.js';

/** `charset=utf-8`, `charset="UTF-8"`, `charset=utf8`; no charset means UTF-8 for JSON. */
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;
const UTF8 = /^utf-?8$/i;

const hasBody = (request: FastifyRequest) =>
  request.headers['transfer-encoding'] !== undefined ||
  (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0');

/**
 * Fastify's JSON parser (prototype poisoning refused) whose every string comes out well-formed:
 * NUL and lone surrogates, which JSON escapes can carry, become U+FFFD (lib/well-formed-text.ts).
 * The one JSON parser of the app: the ingest scope registers it for text/plain too.
 */
export function wellFormedJsonParser(app: FastifyInstance): FastifyBodyParser<string> {
  const parse = app.getDefaultJsonParser('error', 'error');
  return (request, body, done) =>
    parse(request, body, (err, value) => {
      if (err) return done(err);
      done(null, mayHoldIllFormedText(body) ? wellFormedJson(value) : value);
    });
}

/**
 * Request bodies are UTF-8 JSON, sent as they are. A Content-Encoding (Fastify would read a
 * compressed body as text, and a "deflate" label on a plain body was accepted) or a charset other
 * than UTF-8 (read as UTF-8 regardless, it garbled text) is a 415 saying what was sent. Checked in
 * preParsing: after any route's onRequest authentication, before a byte of the body is read.
 */
export const requestBodiesPlugin = fp(
  async (app: FastifyInstance) => {
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, wellFormedJsonParser(app));
    app.addHook('preParsing', async (request, _reply, payload) => {
      if (!hasBody(request)) return payload;
      const encoding = request.headers['content-encoding'];
      if (encoding !== undefined) throw errors.unsupportedEncoding(encoding);
      const type = request.headers['content-type'];
      const charset = type === undefined ? undefined : CHARSET.exec(type)?.[1];
      if (charset !== undefined && !UTF8.test(charset)) throw errors.unsupportedCharset(type!);
      return payload;
    });
  },
  { name: 'loupe-request-bodies' },
);
