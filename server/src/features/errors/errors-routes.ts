import { errorsQuerySchema, errorsResponseSchema } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resolveRange } from '../../analytics/query-range.js';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { readErrors } from './errors-store.js';

export const errorsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/v1/errors',
    {
      config: { access: 'site' },
      schema: {
        ...readRouteSchema('signals'),
        summary: 'JavaScript and resource errors grouped by fingerprint',
        description:
          'Fingerprint = error type + the top stack frame from the site’s own code (function and file, no line), ' +
          'or the normalised message without a stack. Counts and sessions affected cover the range; first/last seen ' +
          'and the sample are of all time. Each group carries a sparkline: its errors per bucket of `periods` ' +
          '(interval as in /v1/metrics/timeseries). Filters: path and device (errors are not kept per browser or language).',
        querystring: errorsQuerySchema,
        response: { 200: errorsResponseSchema, ...READ_ERRORS },
      },
    },
    async (request) => {
      const q = request.query;
      return readErrors(app.db.$client, authenticatedSite(request).siteId, q, resolveRange(q));
    },
  );
};
