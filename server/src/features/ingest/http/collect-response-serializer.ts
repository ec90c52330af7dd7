import type { FastifySerializerCompiler } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';

// `POST /v1/collect`'s 202 written by hand when it is certainly what zod's serializer writes,
// beside zod, which stays its one definition (collectResponseSchema, shared/src/api.ts). Almost
// every batch answers `{ accepted, duplicates, rejected: [] }`; zod's check and copy of it cost
// about ten times its JSON.stringify (2.8 against 0.27 µs hot, more with its code cold by the next
// request). Anything else (a rejected event, a count that is not a safe integer ≥ 0) goes to zod,
// so a wrong answer still fails as it did. server/test/collect-response-serializer.test.ts holds
// it equal to zod with fast-check.

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The JSON of a 202 that rejects nothing, exactly as zod's serializer writes it, or undefined when not sure. */
export function fastSerializeCollectResponse(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { accepted, duplicates, rejected } = data as Record<string, unknown>;
  if (!Array.isArray(rejected) || rejected.length !== 0 || !isCount(accepted) || !isCount(duplicates)) return undefined;
  // A template prints -0 as 0, as JSON.stringify does.
  return `{"accepted":${accepted},"duplicates":${duplicates},"rejected":[]}`;
}

/** The collect route's serializers: the 202's fast path, zod when it is not sure; zod's for every other status. */
export const collectResponseSerializerCompiler: FastifySerializerCompiler<unknown> = (route) => {
  // Fastify types the schema as its own; it is the status's zod schema, as for the app's compiler.
  const zod = serializerCompiler(route as Parameters<typeof serializerCompiler>[0]) as (data: unknown) => string;
  if (String(route.httpStatus) !== '202') return zod;
  return (data) => fastSerializeCollectResponse(data) ?? zod(data);
};
