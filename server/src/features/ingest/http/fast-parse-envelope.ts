import { type CollectBody, MAX_EVENTS_PER_BATCH, MAX_KEY_LENGTH, PUBLIC_KEY_PREFIX } from '@loupe/shared';
import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';

// `POST /v1/collect`'s envelope ({ key, events, sentAt? }) checked by hand, beside zod, which stays
// its one definition (shared/src/api.ts). On a loaded server, zod's strict-object parse of it cost
// 8–14 µs of a request's CPU (its code is cold by the time the next request comes); this costs
// about 1. It only ever answers "valid, and this is what `collectBodySchema.parse` returns" or
// "not sure": anything else (an unknown or inherited key, `sentAt` present but undefined, a value
// of the wrong type or out of bounds) is left to zod, so every 400 and its message stay zod's.
// server/test/fast-parse-envelope.test.ts holds it equal to zod with fast-check.

/** The envelope as `collectBodySchema.parse(body)` returns it, or undefined when not sure. */
export function fastParseEnvelope(body: unknown): CollectBody | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  // for…in, as zod's strict object looks for unknown keys: inherited enumerable ones count too.
  let keys = 0;
  for (const k in body) {
    if (k !== 'key' && k !== 'events' && k !== 'sentAt') return undefined;
    keys += 1;
  }
  const { key, events, sentAt } = body as Record<string, unknown>;
  if (typeof key !== 'string' || key.length > MAX_KEY_LENGTH || !key.startsWith(PUBLIC_KEY_PREFIX)) return undefined;
  if (!Array.isArray(events) || events.length < 1 || events.length > MAX_EVENTS_PER_BATCH) return undefined;
  // zod copies the array (a hole becomes undefined); so does this.
  const copy: unknown[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) copy[i] = events[i];
  if (sentAt === undefined) return keys === 2 ? { key, events: copy } : undefined;
  if (typeof sentAt !== 'number' || !Number.isSafeInteger(sentAt) || sentAt < 0 || keys !== 3) return undefined;
  return { key, events: copy, sentAt };
}

/**
 * The validator of the collect routes' body: the fast path, zod when it is not sure. Fastify
 * asks a route's compiler for each part with a schema; only the body has one here.
 */
export const collectBodyValidatorCompiler: FastifySchemaCompiler<unknown> = (route) => {
  // Fastify types the part's schema as the route's; it is the body's zod schema (or another part's).
  const zod = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
  if (route.httpPart !== 'body') return zod;
  return (data) => {
    const fast = fastParseEnvelope(data);
    return fast !== undefined ? { value: fast } : zod(data);
  };
};
