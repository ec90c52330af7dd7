import { Readable } from 'node:stream';
import { responsesExportQuerySchema } from '@loupe/shared';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { READ_ERRORS, readRouteSchema } from '../../analytics/read-route.js';
import { authenticatedSite } from '../../plugins/auth.js';
import { exportResponses, toResponseItem } from '../responses/responses-store.js';
import { CSV_HEADER, csvRecord, ndjsonRecord } from './response-export-formats.js';

const FORMATS = {
  csv: { type: 'text/csv; charset=utf-8', header: CSV_HEADER, record: csvRecord },
  ndjson: { type: 'application/x-ndjson; charset=utf-8', header: '', record: ndjsonRecord },
} as const;

/**
 * Response exports, streamed: rows are read in chunks as the client consumes them (backpressure
 * through Readable.from), so memory stays constant however many responses a site has.
 */
export const exportsRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const [ext, format] of Object.entries(FORMATS)) {
    app.get(
      `/v1/responses.${ext}`,
      {
        config: { access: 'site', traits: true },
        schema: {
          ...readRouteSchema('responses'),
          summary: `Export responses as ${ext.toUpperCase()} (streamed)`,
          description:
            ext === 'csv'
              ? 'RFC 4180 with a header row and CRLF line ends. Every text cell is quoted, so spreadsheets that split ' +
                'on ; or a tab still see one cell; a text cell that would start a formula (= + - @, also after leading ' +
                'white space or invisible characters, and in their full-width forms) is prefixed with a single quote ' +
                'so spreadsheets never run it. Same filters as GET /v1/responses, `trait.<name>` and `returning` included.'
              : 'One JSON object per line, shaped like the items of GET /v1/responses. Same filters, `trait.<name>` and `returning` included.',
          querystring: responsesExportQuerySchema,
          response: {
            200: {
              description: `The responses, newest first`,
              content: { [format.type.split(';')[0]!]: { schema: z.string() } },
            },
            ...READ_ERRORS,
          },
        },
      },
      async (request, reply) => {
        const { siteId } = authenticatedSite(request);
        const chunks = exportResponses(app.db, siteId, { ...request.query, traits: request.traitFilters });
        function* lines() {
          if (format.header) yield format.header;
          for (const rows of chunks) yield rows.map((r) => format.record(toResponseItem(r))).join('');
        }
        const date = new Date().toISOString().slice(0, 10);
        return (
          reply
            .type(format.type)
            .header('content-disposition', `attachment; filename="responses-${date}.${ext}"`)
            .header('cache-control', 'no-store')
            // The route's 200 schema is the document as a string; a stream is how that string is sent.
            .send(Readable.from(lines()) as unknown as string)
        );
      },
    );
  }
};
