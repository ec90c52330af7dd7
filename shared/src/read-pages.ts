import { z } from 'zod';
import { VITAL_NAMES, VITAL_RATINGS } from './constants.js';
import { audienceFilterFields, segmentFilterFields } from './read-filters.js';
import { limitSchema, rangeQueryFields } from './read-query.js';
import { rangeEchoSchema } from './read-scores.js';
import { answerSampleSchema, audienceExactField, audienceSampleSchema } from './read-sample.js';

// GET /v1/metrics/pages

export const PAGE_SORTS = [
  'views',
  'sessions',
  'entries',
  'bounceRate',
  'avgEngagementMs',
  'rageClicks',
  'deadClicks',
  'errorClicks',
  'jsErrors',
  'responses',
  'nps',
] as const;

export const pagesQuerySchema = z.strictObject({
  ...rangeQueryFields,
  ...segmentFilterFields,
  ...audienceFilterFields,
  ...audienceExactField,
  sort: z.enum(PAGE_SORTS).default('views'),
  order: z
    .enum(['asc', 'desc'])
    .default('desc')
    .meta({ description: 'Pages without a value for the sort key come last' }),
  limit: limitSchema(50, 500),
});
export type PagesQuery = z.input<typeof pagesQuerySchema>;

const vitalSchema = z
  .object({
    p75: z.number().meta({ description: 'ms (CLS: unitless), from a log histogram: within 2 % of the exact p75' }),
    rating: z.enum(VITAL_RATINGS),
    samples: z.number().int(),
  })
  .nullable();

const frictionCount = z
  .number()
  .int()
  .nullable()
  .meta({ description: 'null under an audience filter: clicks are kept per page, not per visit' });

export const pageStatsSchema = z.object({
  path: z.string(),
  views: z.number().int(),
  sessions: z.number().int().meta({ description: 'Sessions that viewed the page (each once)' }),
  entries: z.number().int().meta({ description: 'Sessions that started on the page' }),
  bounceRate: z.number().nullable().meta({
    description: 'Of sessions starting here, % not engaged (engaged = ≥ 10 s engaged, or ≥ 2 page views, or an answer)',
  }),
  singlePageRate: z.number().nullable().meta({ description: 'Of sessions starting here, % with one page view' }),
  avgEngagementMs: z.number().nullable().meta({
    description:
      'Visible-and-focused time on the page per session that viewed it; null under an audience filter (not kept per visit)',
  }),
  avgScrollDepth: z.number().nullable().meta({ description: 'Mean of each session’s deepest scroll on the page, %' }),
  rageClicks: frictionCount,
  deadClicks: frictionCount,
  errorClicks: frictionCount,
  jsErrors: z.number().int(),
  vitals: z
    .object(
      Object.fromEntries(VITAL_NAMES.map((n) => [n, vitalSchema])) as Record<
        (typeof VITAL_NAMES)[number],
        typeof vitalSchema
      >,
    )
    .meta({
      description:
        'p75 per vital; null without samples, and under a browser, language or audience filter (kept per page and device)',
    }),
  responses: z.number().int().meta({ description: 'Answers given on the page (all kinds)' }),
  nps: z.number().nullable().meta({ description: 'NPS of the answers given on the page' }),
});
export type PageStats = z.infer<typeof pageStatsSchema>;

export const pagesResponseSchema = z
  .object({
    range: rangeEchoSchema,
    sampled: audienceSampleSchema.optional(),
    answersSampled: answerSampleSchema.optional().meta({
      description:
        'Present only when the figures of answers (responses, scores of each page) are estimates: the ' +
        'audience’s rarest trait (without a trait, the range) had more answers than the server reads per request ' +
        '(LOUPE_FUNNEL_SAMPLE_THRESHOLD), so it read a fixed sample of them, chosen by a hash of the answer ' +
        'id (the same answers on every request, and the same sample /v1/metrics/scores reads for the same ' +
        'range and audience). Counts of answers are the sample’s times 1 ÷ rate; scores are the sample’s own. ' +
        'Independent of `sampled` (the sessions’ sample). For exact figures ask again with exact=true.',
    }),
    totalPages: z.number().int(),
    pages: z.array(pageStatsSchema),
  })
  .meta({
    example: {
      range: { from: '2024-03-01T00:00:00.000Z', to: '2024-03-31T00:00:00.000Z', tz: 'UTC' },
      totalPages: 1,
      pages: [
        {
          path: '/checkout',
          views: 1200,
          sessions: 950,
          entries: 120,
          bounceRate: 35.83,
          singlePageRate: 52.5,
          avgEngagementMs: 48210,
          avgScrollDepth: 71.4,
          rageClicks: 31,
          deadClicks: 12,
          errorClicks: 4,
          jsErrors: 9,
          vitals: {
            LCP: { p75: 2710, rating: 'needs-improvement', samples: 940 },
            INP: { p75: 180, rating: 'good', samples: 610 },
            CLS: { p75: 0.04, rating: 'good', samples: 930 },
            FCP: { p75: 1650, rating: 'good', samples: 940 },
            TTFB: { p75: 640, rating: 'good', samples: 940 },
          },
          responses: 85,
          nps: 12.94,
        },
      ],
    },
  });
export type PagesResponse = z.infer<typeof pagesResponseSchema>;
