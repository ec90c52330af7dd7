import { z } from 'zod';
import { audienceFilterFields, segmentFilterFields } from './read-filters.js';
import { audienceExactField, peopleSampleSchema } from './read-sample.js';

// GET /v1/metrics/retention: cohorts of visitors (or identified customers) by their first period,
// returning in later ones.

export const RETENTION_INTERVALS = ['week', 'month'] as const;
/** Whom a cohort counts: visitors (by their visitor id) or identified customers (by the site's customer id). */
export const RETENTION_PEOPLE = ['visitor', 'customer'] as const;
export type RetentionPeople = (typeof RETENTION_PEOPLE)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const localDate = z.string().regex(DATE, 'must be a date like 2026-03-01');

export const retentionQuerySchema = z.strictObject({
  interval: z.enum(RETENTION_INTERVALS).default('week').meta({
    description: 'Cohort and period length: ISO weeks (Monday first) or calendar months, in the site’s time zone',
  }),
  from: localDate.optional().meta({
    description: 'The first cohort: the period containing this date. Default: 11 periods before the current one',
  }),
  to: localDate
    .optional()
    .meta({ description: 'The last cohort: the period containing this date. Default: the current one' }),
  by: z
    .enum(RETENTION_PEOPLE)
    .default('visitor')
    .meta({
      description:
        'visitor: people by their visitor id (one browser). customer: identified customers by the id ' +
        "`loupe('identify', id)` gave, across devices and visitor ids; a customer's first period is that of " +
        'their first identified session, and a later period counts when any session identified as them started in it',
    }),
  device: segmentFilterFields.device,
  browser: segmentFilterFields.browser,
  language: segmentFilterFields.language,
  ...audienceFilterFields,
  ...audienceExactField,
});
export type RetentionQuery = z.input<typeof retentionQuerySchema>;

export const retentionResponseSchema = z
  .object({
    interval: z.enum(RETENTION_INTERVALS),
    by: z.enum(RETENTION_PEOPLE).meta({ description: 'Whom the cohorts count: visitors or customers' }),
    timeZone: z.string().meta({ description: 'The site’s time zone, which periods are counted in' }),
    from: z.string().meta({ description: 'First cohort (start of its period)', example: '2026-01-05' }),
    to: z.string().meta({ description: 'Last cohort (start of its period)', example: '2026-03-23' }),
    cohorts: z.array(
      z.object({
        cohort: z.string().meta({ description: 'Start date of the period of the people’s first session' }),
        visitors: z
          .number()
          .int()
          .meta({ description: 'Visitors (customers with by=customer) whose first session was in this period' }),
        converters: z.number().int().meta({ description: 'Of them, visitors with a goal in any period' }),
        repeatConverters: z
          .number()
          .int()
          .meta({ description: 'Of them, visitors with goals in more than one period' }),
        repeatConversionRate: z.number().nullable().meta({ description: 'repeatConverters ÷ visitors × 100' }),
        periods: z.array(
          z.object({
            offset: z.number().int().meta({ description: '0 = the first period, 1 = the next, …' }),
            period: z.string(),
            visitors: z.number().int().meta({ description: 'Cohort visitors who started a session in this period' }),
            rate: z.number().nullable().meta({ description: 'visitors ÷ cohort visitors × 100' }),
            converters: z.number().int().meta({ description: 'Cohort visitors with a goal in this period' }),
          }),
        ),
      }),
    ),
    sampled: peopleSampleSchema.optional(),
  })
  .meta({ id: 'RetentionAnswer' });
export type RetentionResponse = z.infer<typeof retentionResponseSchema>;
