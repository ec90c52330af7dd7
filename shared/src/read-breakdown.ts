import { z } from 'zod';
import { audienceFilterFields, segmentFilterFields, traitGroupSchema } from './read-filters.js';
import { limitSchema, rangeQueryFields } from './read-query.js';
import { audienceExactField, audienceSampleSchema } from './read-sample.js';
import { rangeEchoSchema } from './read-scores.js';
import { trafficFiguresShape } from './read-timeseries.js';

// GET /v1/metrics/breakdown — the tables of devices, browsers, languages and entry pages.

export const BREAKDOWN_DIMENSIONS = ['device', 'browser', 'language', 'entryPage'] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];
export const BREAKDOWN_SORTS = [
  'visitors',
  'sessions',
  'pageviews',
  'bounceRate',
  'avgEngagementMs',
  'conversionRate',
] as const;

export const breakdownQuerySchema = z.strictObject({
  ...rangeQueryFields,
  by: z.union([z.enum(BREAKDOWN_DIMENSIONS), traitGroupSchema]).meta({
    description:
      'One row per device class, browser family, language tag, page sessions entered on, or value of a trait (trait.<name>)',
    example: 'browser',
  }),
  ...segmentFilterFields,
  ...audienceFilterFields,
  ...audienceExactField,
  sort: z.enum(BREAKDOWN_SORTS).default('sessions'),
  order: z
    .enum(['asc', 'desc'])
    .default('desc')
    .meta({ description: 'Rows without a value for the sort key come last' }),
  limit: limitSchema(50, 500),
});
export type BreakdownQuery = z.input<typeof breakdownQuerySchema>;

export const breakdownRowSchema = z.object({
  value: z.string().meta({
    description: 'The device class, browser family, language tag ("" = unknown), entry path or trait value',
    example: 'safari',
  }),
  ...trafficFiguresShape,
});
export type BreakdownRow = z.infer<typeof breakdownRowSchema>;

export const breakdownResponseSchema = z
  .object({
    by: z.union([z.enum(BREAKDOWN_DIMENSIONS), z.string()]).meta({ description: 'The dimension asked for' }),
    range: rangeEchoSchema,
    sampled: audienceSampleSchema.optional(),
    totalValues: z.number().int().meta({ description: 'Values with any traffic in the range, before limit' }),
    rows: z.array(breakdownRowSchema),
  })
  .meta({
    example: {
      by: 'browser',
      range: { from: '2024-03-01T00:00:00.000Z', to: '2024-03-31T00:00:00.000Z', tz: 'UTC' },
      totalValues: 2,
      rows: [
        {
          value: 'chrome',
          visitors: 9120,
          sessions: 11804,
          pageviews: 40112,
          bounceRate: 36.1,
          avgEngagementMs: 58210,
          conversionRate: 5.02,
          returningVisitorRate: 24.3,
        },
        {
          value: 'safari',
          visitors: 3302,
          sessions: 4010,
          pageviews: 12004,
          bounceRate: 44.8,
          avgEngagementMs: 41877,
          conversionRate: 3.1,
          returningVisitorRate: 19.9,
        },
      ],
    },
  });
export type BreakdownResponse = z.infer<typeof breakdownResponseSchema>;
