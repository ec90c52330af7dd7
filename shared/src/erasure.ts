import { z } from 'zod';
import { MAX_CUSTOMER_ID_LENGTH, MAX_ID_LENGTH } from './constants.js';

// DELETE /v1/visitors/:visitorId, DELETE /v1/sessions/:sessionId, DELETE /v1/customers/:customerId and
// GET /v1/visitors/:visitorId/export: a visitor's right to erasure and of access (docs/privacy.md).

/** The ids as the widget sends them (events.ts): 1 to MAX_ID_LENGTH characters. */
const widgetId = (what: string) =>
  z
    .string()
    .min(1)
    .max(MAX_ID_LENGTH)
    .meta({ description: `The ${what} id the widget sent (1–${MAX_ID_LENGTH} characters)` });

export const visitorParamsSchema = z.object({ visitorId: widgetId('visitor') });
export const sessionParamsSchema = z.object({ sessionId: widgetId('session') });
export const customerParamsSchema = z.object({
  customerId: z
    .string()
    .min(1)
    .max(MAX_CUSTOMER_ID_LENGTH)
    .meta({
      description: `The site's own customer id, as \`loupe('identify', customerId)\` gave it (1–${MAX_CUSTOMER_ID_LENGTH} characters)`,
    }),
});

export const erasureResultSchema = z
  .object({
    rows: z.record(z.string(), z.number().int()).meta({
      description:
        'Rows deleted per table, every table that can hold the id included (0 where it held none). An id Loupe ' +
        'never stored answers zeros: the same answer as for one already erased.',
      example: { events: 118, sessions: 4, session_pages: 9, session_errors: 1, session_goals: 0, responses: 1 },
    }),
    totalRows: z.number().int(),
  })
  .meta({ id: 'ErasureResult' });
export type ErasureResult = z.infer<typeof erasureResultSchema>;

const storedRows = z.array(z.record(z.string(), z.unknown()));

export const visitorExportSchema = z
  .object({
    siteId: z.string(),
    visitorId: z.string(),
    exportedAt: z.string(),
    sessions: storedRows.meta({ description: 'One row per visit: its pages, counts and flags' }),
    pageVisits: storedRows.meta({ description: 'Each page of each session, with the deepest scroll' }),
    sessionErrors: storedRows.meta({ description: 'The error fingerprints each session met' }),
    sessionGoals: storedRows.meta({ description: 'The goals each session reached' }),
    responses: storedRows.meta({ description: 'Every answer, with its comment and the team’s note and status' }),
    events: storedRows.meta({ description: 'Every stored event, with its payload as stored (already scrubbed)' }),
  })
  .meta({
    id: 'VisitorExport',
    description:
      'Every row stored about the visitor, table by table, columns in camelCase, times in epoch milliseconds.',
  });
export type VisitorExport = z.infer<typeof visitorExportSchema>;
