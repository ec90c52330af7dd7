import { type CollectBody, collectBodySchema, collectResponseSchema } from '@loupe/shared';
import type { App } from '@loupe/server';
import { classifyUserAgent, collectBodyValidatorCompiler, prepareEvents } from '@loupe/server/internal';

// The validation-only route plus one part of /v1/collect each, so `bench:ingest-cpu` can say, at one
// rate, what each part adds to a request's main-thread CPU (BENCH_CPU_PARTS=1). The ingest scope's
// hooks (CORS, rate limit, site lookup) are not among them: they are /v1/collect's own plugin's, so
// /v1/collect less these parts is what they cost.

export const PART_ROUTES = {
  /** Validation, then the 202 through zod's serializer (collectResponseSchema), as /v1/collect answered before its own. */
  zodSerializer: '/bench/part/zod-serializer',
  /** Validation, then the rows handed to the writer and the 202 once they are committed. */
  write: '/bench/part/write',
} as const;

export function addPartRoutes(app: App, siteId: string): void {
  const prepare = (body: unknown, userAgent: string | undefined) => {
    const { events, sentAt } = body as CollectBody;
    return prepareEvents(events, sentAt, { siteId, receivedAt: Date.now(), client: classifyUserAgent(userAgent) });
  };
  const body = { validatorCompiler: collectBodyValidatorCompiler };
  app.post(
    PART_ROUTES.zodSerializer,
    { ...body, schema: { body: collectBodySchema, response: { 202: collectResponseSchema } } },
    async (req, reply) => {
      const { rows, rejected } = prepare(req.body, req.headers['user-agent']);
      return reply.code(202).send({ accepted: rows.length, duplicates: 0, rejected });
    },
  );
  app.post(PART_ROUTES.write, { ...body, schema: { body: collectBodySchema } }, async (req, reply) => {
    const { rows, rejected } = prepare(req.body, req.headers['user-agent']);
    const { accepted, duplicates } = await app.ingestWriter.write(rows);
    return reply.code(202).send({ accepted, duplicates, rejected });
  });
}
