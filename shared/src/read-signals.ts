import { z } from 'zod';
import { DEVICE_CLASSES, ERROR_SOURCES } from './constants.js';
import {
  dimensionFilterFields,
  FRUSTRATION_CLICK_KINDS,
  limitSchema,
  rangeQueryFields,
  SERIES_INTERVALS,
} from './read-query.js';
import { audienceFilterFields } from './read-filters.js';
import { audienceExactField, audienceSampleSchema } from './read-sample.js';
import { rangeEchoSchema } from './read-scores.js';

// GET /v1/errors and GET /v1/clicks

const signalFilterFields = {
  ...rangeQueryFields,
  path: dimensionFilterFields.path,
  device: z.enum(DEVICE_CLASSES).optional(),
};

export const errorsQuerySchema = z.strictObject({
  ...signalFilterFields,
  interval: z.enum(SERIES_INTERVALS).optional().meta({
    description: 'Buckets of each group’s sparkline, as in /v1/metrics/timeseries (default from the range)',
  }),
  sort: z.enum(['count', 'sessions']).default('count'),
  limit: limitSchema(50, 200),
});
export type ErrorsQuery = z.input<typeof errorsQuerySchema>;

const stackFrameOut = z.object({
  fn: z.string().optional(),
  file: z.string().optional(),
  line: z.number().int().optional(),
  col: z.number().int().optional(),
});

export const errorGroupSchema = z.object({
  fingerprint: z
    .string()
    .meta({ description: 'Type + top frame of the site’s own code (function and file), or the normalised message' }),
  type: z.string(),
  source: z.enum(ERROR_SOURCES),
  message: z.string().meta({ description: 'The latest sample (scrubbed)' }),
  stack: z.array(stackFrameOut).meta({ description: 'Frames of the latest sample, innermost first' }),
  count: z.number().int(),
  sessions: z.number().int().meta({ description: 'Sessions affected (each once)' }),
  firstSeen: z.string().meta({ description: 'First occurrence ever (not only in the range)' }),
  lastSeen: z.string().meta({ description: 'Latest occurrence ever' }),
  pages: z
    .array(z.object({ path: z.string(), count: z.number().int() }))
    .meta({ description: 'Up to 10 pages, most errors first' }),
  series: z.array(z.number().int()).meta({ description: 'Errors per bucket of `periods`, for a sparkline' }),
});

/** The buckets a sparkline series covers, in the range's time zone. */
export const seriesPeriodSchema = z.object({
  period: z.string().meta({
    description: 'First local date of the bucket, or its local start with offset (hour)',
    example: '2024-03-04',
  }),
  from: z.string(),
  to: z.string(),
});

export const errorsResponseSchema = z
  .object({
    range: rangeEchoSchema,
    interval: z.enum(SERIES_INTERVALS),
    periods: z.array(seriesPeriodSchema).meta({ description: 'The buckets of every group’s `series`, in order' }),
    totalGroups: z.number().int(),
    errors: z.array(errorGroupSchema),
  })
  .meta({
    example: {
      range: { from: '2024-03-01T00:00:00.000Z', to: '2024-03-04T00:00:00.000Z', tz: 'UTC' },
      interval: 'day',
      periods: [
        { period: '2024-03-01', from: '2024-03-01T00:00:00.000Z', to: '2024-03-02T00:00:00.000Z' },
        { period: '2024-03-02', from: '2024-03-02T00:00:00.000Z', to: '2024-03-03T00:00:00.000Z' },
        { period: '2024-03-03', from: '2024-03-03T00:00:00.000Z', to: '2024-03-04T00:00:00.000Z' },
      ],
      totalGroups: 1,
      errors: [
        {
          fingerprint: 'Yk3q8l0cZr2b7h1m0aQx9w',
          type: 'TypeError',
          source: 'error',
          message: "Cannot read properties of undefined (reading 'price')",
          stack: [{ fn: 'applyCoupon', file: '/assets/checkout.js', line: 120, col: 17 }],
          count: 57,
          sessions: 31,
          firstSeen: '2024-02-12T08:01:22.000Z',
          lastSeen: '2024-03-30T21:14:05.000Z',
          pages: [{ path: '/checkout', count: 57 }],
          series: [12, 0, 45],
        },
      ],
    },
  });
export type ErrorsResponse = z.infer<typeof errorsResponseSchema>;

/** What /v1/clicks lists: ordinary clicks, or one kind of frustration click. */
export const CLICKS_KINDS = ['click', ...FRUSTRATION_CLICK_KINDS] as const;

export const clicksQuerySchema = z.strictObject({
  ...signalFilterFields,
  kind: z
    .enum(CLICKS_KINDS)
    .optional()
    .meta({
      description:
        'Only this frustration kind (default: all three), or `click`: the most clicked elements by ordinary clicks, ' +
        'each with its frustration events beside',
    }),
  limit: limitSchema(50, 500),
  ...audienceFilterFields,
  ...audienceExactField,
});
export type ClicksQuery = z.input<typeof clicksQuerySchema>;

export const clickGroupSchema = z.object({
  path: z.string(),
  selector: z.string(),
  events: z.number().int().meta({
    description:
      'Frustration events of the selected kind(s), a rage burst being one event; with kind=click, ordinary clicks',
  }),
  clicks: z.number().int().meta({
    description: 'Clicks in those events (a rage burst counts all its clicks); with kind=click, ordinary clicks',
  }),
  rage: z.number().int(),
  dead: z.number().int(),
  error: z.number().int(),
});

export const clicksResponseSchema = z
  .object({
    range: rangeEchoSchema,
    totalGroups: z
      .number()
      .int()
      .meta({ description: 'Elements with events in the range (when sampled: in the sample)' }),
    clicks: z.array(clickGroupSchema),
    sampled: audienceSampleSchema.optional(),
  })
  .meta({
    example: {
      range: { from: '2024-03-01T00:00:00.000Z', to: '2024-03-31T00:00:00.000Z', tz: 'UTC' },
      totalGroups: 1,
      clicks: [
        {
          path: '/checkout',
          selector: '[data-testid="apply-coupon"]',
          events: 14,
          clicks: 61,
          rage: 14,
          dead: 0,
          error: 0,
        },
      ],
    },
  });
export type ClicksResponse = z.infer<typeof clicksResponseSchema>;
