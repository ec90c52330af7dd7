import { z } from 'zod';
import { segmentFilterFields } from './read-filters.js';

// GET /v1/metrics/retention: cohorts of visitors by their first period, returning in later ones.

export const RETENTION_INTERVALS = ['week', 'month'] as const;
/** The most cohorts one answer holds (two years of months, a year of weeks). */
export const MAX_RETENTION_COHORTS = 53;

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
  device: segmentFilterFields.device,
  browser: segmentFilterFields.browser,
  language: segmentFilterFields.language,
});
export type RetentionQuery = z.input<typeof retentionQuerySchema>;

export const retentionResponseSchema = z
  .object({
    interval: z.enum(RETENTION_INTERVALS),
    timeZone: z.string().meta({ description: 'The site’s time zone, which periods are counted in' }),
    from: z.string().meta({ description: 'First cohort (start of its period)', example: '2026-01-05' }),
    to: z.string().meta({ description: 'Last cohort (start of its period)', example: '2026-03-23' }),
    cohorts: z.array(
      z.object({
        cohort: z.string().meta({ description: 'Start date of the period of the visitors’ first session' }),
        visitors: z.number().int().meta({ description: 'Visitors whose first session was in this period' }),
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
  })
  .meta({ id: 'RetentionAnswer' });
export type RetentionResponse = z.infer<typeof retentionResponseSchema>;
