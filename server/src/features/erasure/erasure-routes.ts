import { Readable } from 'node:stream';
import {
  customerParamsSchema,
  erasureResultSchema,
  sessionParamsSchema,
  type VisitorExport,
  visitorExportSchema,
  visitorParamsSchema,
} from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { problemResponses } from '../../errors/problem-responses.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { BODY_LIMITS } from '../../plugins/body-limits.js';
import type { AuditActor } from '../audit/audit-store.js';
import { Eraser } from './eraser.js';
import type { RowCounts } from './erasure-store.js';
import { visitorExport } from './visitor-export.js';

const ERRORS = problemResponses(400, 401, 403, 404);
const answer = (rows: RowCounts) => ({ rows, totalRows: Object.values(rows).reduce((a, b) => a + b, 0) });
/** Who asked: the owner whose session it is, or the site's secret key. */
const actorOf = (request: FastifyRequest): AuditActor =>
  (request.user?.userId as `usr_${string}` | undefined) ?? 'secret key';

/**
 * A visitor's (or an identified customer's) rights of erasure and of access (docs/privacy.md), with the site's secret key or an
 * owner's session and `?site=`. Each erasure is recorded in the audit log, without the id.
 */
export const erasureRoutes: FastifyPluginAsyncZod = async (app) => {
  const eraser = new Eraser({ db: app.db, writer: app.ingestWriter });

  app.delete(
    '/v1/visitors/:visitorId',
    {
      config: { access: 'site' },
      bodyLimit: BODY_LIMITS.small,
      schema: {
        tags: ['privacy'],
        summary: 'Erase everything stored about one visitor',
        description:
          "Deletes every event, answer (with its comment and note), session, page visit and webhook delivery of the visitor's " +
          'sessions, in short batches that never stall ingestion; events /v1/collect had accepted before the request ' +
          'are erased too. Aggregate counts stay (they hold no ids). Answers the rows deleted per table; an id never ' +
          'stored answers zeros. Recorded in the audit log with a keyed hash of the id, never the id. Cannot be undone.',
        params: visitorParamsSchema,
        response: { 200: erasureResultSchema, ...ERRORS },
      },
    },
    async (request) => {
      const site = authenticatedSite(request);
      const target = { kind: 'visitor', visitorId: request.params.visitorId } as const;
      const rows = await eraser.erase(site.siteId, target, actorOf(request));
      request.log.info({ siteId: site.siteId, rowsDeleted: answer(rows).totalRows }, 'visitor erased');
      return answer(rows);
    },
  );

  app.delete(
    '/v1/sessions/:sessionId',
    {
      config: { access: 'site' },
      bodyLimit: BODY_LIMITS.small,
      schema: {
        tags: ['privacy'],
        summary: 'Erase everything stored about one session',
        description:
          "Like erasing a visitor, for one session: its events, answers, page visits and the session's row. " +
          'Answers the rows deleted per table; an id never stored answers zeros. Recorded in the audit log.',
        params: sessionParamsSchema,
        response: { 200: erasureResultSchema, ...ERRORS },
      },
    },
    async (request) => {
      const site = authenticatedSite(request);
      const target = { kind: 'session', sessionId: request.params.sessionId } as const;
      const rows = await eraser.erase(site.siteId, target, actorOf(request));
      request.log.info({ siteId: site.siteId, rowsDeleted: answer(rows).totalRows }, 'session erased');
      return answer(rows);
    },
  );

  app.delete(
    '/v1/customers/:customerId',
    {
      config: { access: 'site' },
      bodyLimit: BODY_LIMITS.small,
      schema: {
        tags: ['privacy'],
        summary: 'Erase everything stored about one identified customer',
        description:
          "Like erasing a visitor, for every session `loupe('identify', customerId)` named the customer in, on any " +
          "device or visitor id: their events, answers, page visits and the sessions' rows, and the customer's own rows " +
          '(retention cohorts per customer). A visitor of those sessions left with no other session goes too. Answers ' +
          'the rows deleted per table; an id never stored answers zeros. Recorded in the audit log with a keyed hash ' +
          'of the id. Cannot be undone.',
        params: customerParamsSchema,
        response: { 200: erasureResultSchema, ...ERRORS },
      },
    },
    async (request) => {
      const site = authenticatedSite(request);
      const target = { kind: 'customer', customerId: request.params.customerId } as const;
      const rows = await eraser.erase(site.siteId, target, actorOf(request));
      request.log.info({ siteId: site.siteId, rowsDeleted: answer(rows).totalRows }, 'customer erased');
      return answer(rows);
    },
  );

  app.get(
    '/v1/visitors/:visitorId/export',
    {
      config: { access: 'site' },
      schema: {
        tags: ['privacy'],
        summary: 'Everything stored about one visitor, as JSON (right of access)',
        description:
          "Every row of the visitor's sessions, page visits, answers (comments, notes, status) and events, table by " +
          'table, streamed as it is read. An id never stored answers empty lists.',
        params: visitorParamsSchema,
        response: {
          200: { description: 'The export', content: { 'application/json': { schema: visitorExportSchema } } },
          ...ERRORS,
        },
      },
    },
    async (request, reply) => {
      const site = authenticatedSite(request);
      const { visitorId } = request.params;
      const sessions = await eraser.sessionsOf(site.siteId, { kind: 'visitor', visitorId });
      const date = new Date().toISOString().slice(0, 10);
      return (
        reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="visitor-export-${date}.json"`)
          // The route's 200 schema is the document; a stream is how it is sent.
          .send(Readable.from(visitorExport(app.db, site.siteId, visitorId, sessions)) as unknown as VisitorExport)
      );
    },
  );
};
