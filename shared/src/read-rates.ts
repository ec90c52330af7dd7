import { z } from 'zod';
import { MAX_RELEASE_LENGTH } from './constants.js';
import { audienceFilterFields, segmentFilterFields } from './read-filters.js';
import { limitSchema, rangeQueryFields, SERIES_INTERVALS } from './read-query.js';
import { audienceExactField, audienceSampleSchema } from './read-sample.js';
import { rangeEchoSchema } from './read-scores.js';

// GET /v1/metrics/error-rate and GET /v1/metrics/engagement: the rates CX practice names beside the
// scores — the share of sessions that met a JavaScript error, and how long sessions engage (mean and
// median), each over time and by segment.

export const ERROR_RATE_BYS = ['page', 'device', 'browser', 'language', 'release'] as const;
export type ErrorRateBy = (typeof ERROR_RATE_BYS)[number];

const intervalField = z
  .enum(SERIES_INTERVALS)
  .optional()
  .meta({
    description:
      'Buckets in `tz` (weeks start on Monday). Default from the range, as in /v1/metrics/timeseries; hour allows ' +
      'at most 7 days, day at most 366.',
  });

export const errorRateQuerySchema = z.strictObject({
  ...rangeQueryFields,
  interval: intervalField,
  ...segmentFilterFields,
  release: z
    .string()
    .max(MAX_RELEASE_LENGTH)
    .optional()
    .meta({
      description:
        'Only sessions of this release (`data-release`; empty: sessions without one). Releases are kept per ' +
        'session, so this filter does not combine with `path` or `by=page`.',
    }),
  ...audienceFilterFields,
  ...audienceExactField,
  by: z.enum(ERROR_RATE_BYS).optional().meta({ description: 'Also break the rate down by this dimension' }),
  limit: limitSchema(20, 200).meta({ description: 'Most groups returned with `by` (most error sessions first)' }),
});
export type ErrorRateQuery = z.input<typeof errorRateQuerySchema>;

const errorRateFigures = {
  sessions: z.number().int().meta({
    description: 'Sessions started; under a path filter or by page, visits of the page (a session on a page)',
  }),
  errorSessions: z
    .number()
    .int()
    .meta({
      description:
        'Of those, the ones with at least one JavaScript error (failed resource loads are not JS errors); under a ' +
        'path filter or by page, visits with an error on that page',
    }),
  errorRate: z
    .number()
    .nullable()
    .meta({ description: 'errorSessions ÷ sessions × 100, two decimals; null without sessions' }),
};

export const errorRateResponseSchema = z
  .object({
    range: rangeEchoSchema,
    interval: z.enum(SERIES_INTERVALS),
    total: z.object(errorRateFigures),
    series: z.array(
      z.object({
        period: z.string().meta({ description: 'First local date of the bucket, or its local start with offset' }),
        from: z.string(),
        to: z.string(),
        ...errorRateFigures,
      }),
    ),
    by: z.enum(ERROR_RATE_BYS).optional(),
    totalGroups: z.number().int().optional().meta({ description: 'With `by`: groups with any session' }),
    groups: z
      .array(
        z.object({ key: z.string().meta({ description: "The group's value ('' = unknown)" }), ...errorRateFigures }),
      )
      .optional()
      .meta({ description: 'With `by`: most error sessions first, then most sessions' }),
    sampled: audienceSampleSchema.optional(),
  })
  .meta({
    example: {
      range: { from: '2024-03-01T00:00:00.000Z', to: '2024-03-03T00:00:00.000Z', tz: 'UTC' },
      interval: 'day',
      total: { sessions: 200, errorSessions: 9, errorRate: 4.5 },
      series: [
        {
          period: '2024-03-01',
          from: '2024-03-01T00:00:00.000Z',
          to: '2024-03-02T00:00:00.000Z',
          sessions: 120,
          errorSessions: 3,
          errorRate: 2.5,
        },
        {
          period: '2024-03-02',
          from: '2024-03-02T00:00:00.000Z',
          to: '2024-03-03T00:00:00.000Z',
          sessions: 80,
          errorSessions: 6,
          errorRate: 7.5,
        },
      ],
      by: 'release',
      totalGroups: 2,
      groups: [
        { key: '2024.03.2', sessions: 70, errorSessions: 6, errorRate: 8.57 },
        { key: '2024.03.1', sessions: 130, errorSessions: 3, errorRate: 2.31 },
      ],
    },
  });
export type ErrorRateResponse = z.infer<typeof errorRateResponseSchema>;

export const engagementQuerySchema = z.strictObject({
  ...rangeQueryFields,
  interval: intervalField,
  device: segmentFilterFields.device,
  browser: segmentFilterFields.browser,
  language: segmentFilterFields.language,
  ...audienceFilterFields,
  ...audienceExactField,
});
export type EngagementQuery = z.input<typeof engagementQuerySchema>;

const engagementFigures = {
  sessions: z.number().int().meta({ description: 'Sessions started' }),
  meanMs: z
    .number()
    .nullable()
    .meta({ description: 'Mean engaged time per session (visible, focused), whole ms; null without sessions' }),
  medianMs: z
    .number()
    .nullable()
    .meta({
      description:
        'Median engaged time per session, read from a histogram kept at ingest (within 5 % of the exact value; ' +
        'sessions that never engaged count as 0); null without sessions',
    }),
};

export const engagementResponseSchema = z
  .object({
    range: rangeEchoSchema,
    interval: z.enum(SERIES_INTERVALS),
    total: z.object(engagementFigures),
    series: z.array(
      z.object({
        period: z.string().meta({ description: 'First local date of the bucket, or its local start with offset' }),
        from: z.string(),
        to: z.string(),
        ...engagementFigures,
      }),
    ),
    sampled: audienceSampleSchema.optional(),
  })
  .meta({
    example: {
      range: { from: '2024-03-01T00:00:00.000Z', to: '2024-03-02T00:00:00.000Z', tz: 'UTC' },
      interval: 'day',
      total: { sessions: 120, meanMs: 48210, medianMs: 21400 },
      series: [
        {
          period: '2024-03-01',
          from: '2024-03-01T00:00:00.000Z',
          to: '2024-03-02T00:00:00.000Z',
          sessions: 120,
          meanMs: 48210,
          medianMs: 21400,
        },
      ],
    },
  });
export type EngagementResponse = z.infer<typeof engagementResponseSchema>;
