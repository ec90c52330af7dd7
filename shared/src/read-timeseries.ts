import { z } from 'zod';
import { audienceFilterFields, segmentFilterFields } from './read-filters.js';
import { rangeQueryFields, SERIES_INTERVALS } from './read-query.js';
import { answerSampleSchema, audienceExactField, audienceSampleSchema } from './read-sample.js';
import { rangeEchoSchema } from './read-scores.js';

// GET /v1/metrics/timeseries — the main graph: every headline figure per bucket, so switching the
// graph's metric needs no second request.

export const timeseriesQuerySchema = z.strictObject({
  ...rangeQueryFields,
  interval: z
    .enum(SERIES_INTERVALS)
    .optional()
    .meta({
      description:
        'Buckets in `tz` (weeks start on Monday). Default from the range: hour up to 2 days, day up to 92 days, ' +
        'week up to 366 days, month beyond. hour allows at most 7 days, day at most 366.',
    }),
  ...segmentFilterFields,
  ...audienceFilterFields,
  ...audienceExactField,
});
export type TimeseriesQuery = z.input<typeof timeseriesQuerySchema>;

const rate = z.number().nullable();

/** Why the visitors' figures are null under a sample of the audience's sessions. */
const VISITORS_SAMPLED =
  ', and when the answer is estimated from a sample of the audience’s sessions (`sampled`): a sample of ' +
  'sessions does not tell how many distinct visitors the whole had';

export const trafficFiguresShape = {
  visitors: z
    .number()
    .int()
    .nullable()
    .meta({
      description:
        'Distinct visitors of the sessions started in the bucket (HyperLogLog, see the overview); null under a path filter' +
        VISITORS_SAMPLED,
    }),
  sessions: z
    .number()
    .int()
    .meta({ description: 'Sessions started; under a path filter, sessions that viewed the page' }),
  pageviews: z.number().int().meta({ description: 'Page views; under a path filter, views of that page' }),
  bounceRate: rate.meta({
    description: '% of sessions not engaged; under a path filter, of sessions that entered on the page',
  }),
  avgEngagementMs: rate.meta({
    description: 'Mean engaged time per session; under a path filter, time on the page per session that viewed it',
  }),
  conversionRate: rate.meta({
    description:
      '% of sessions with at least one goal (`track`); under a path filter, of sessions that entered on the page',
  }),
  returningVisitorRate: rate.meta({
    description: `% of visitors with an earlier session; null under a path filter${VISITORS_SAMPLED}`,
  }),
};

export const timeseriesPointSchema = z.object({
  period: z.string().meta({
    description: 'The bucket: its first local date (day, week, month) or its local start with offset (hour)',
    example: '2024-03-04',
  }),
  from: z.string().meta({ description: 'Start of the bucket (inclusive, UTC)' }),
  to: z.string().meta({ description: 'End of the bucket (exclusive, UTC)' }),
  ...trafficFiguresShape,
  responses: z.number().int().meta({ description: 'Answers of every kind given in the bucket' }),
  nps: rate.meta({ description: 'NPS of the answers given in the bucket' }),
  csat: rate.meta({ description: '% of CSAT answers that are 4–5' }),
  ces: rate.meta({ description: 'Mean CES on 1–7' }),
});
export type TimeseriesPoint = z.infer<typeof timeseriesPointSchema>;

export const timeseriesResponseSchema = z
  .object({
    interval: z
      .enum(SERIES_INTERVALS)
      .meta({ description: 'The interval used (asked for, or the default for the range)' }),
    range: rangeEchoSchema,
    sampled: audienceSampleSchema.optional(),
    answersSampled: answerSampleSchema.optional().meta({
      description:
        'Present only when the figures of answers (responses, scores of every point) are estimates: the ' +
        'audience’s rarest trait (without a trait, the range) had more answers than the server reads per request ' +
        '(LOUPE_FUNNEL_SAMPLE_THRESHOLD), so it read a fixed sample of them, chosen by a hash of the answer ' +
        'id (the same answers on every request, and the same sample /v1/metrics/scores reads for the same ' +
        'range and audience). Counts of answers are the sample’s times 1 ÷ rate; scores are the sample’s own. ' +
        'Independent of `sampled` (the sessions’ sample). For exact figures ask again with exact=true. One ' +
        'sample for the whole range, so every point is of the same sample.',
    }),
    points: z.array(timeseriesPointSchema).meta({ description: 'One per bucket, in order, empty buckets included' }),
  })
  .meta({
    example: {
      interval: 'day',
      range: { from: '2024-03-03T23:00:00.000Z', to: '2024-03-05T23:00:00.000Z', tz: 'Europe/Copenhagen' },
      points: [
        {
          period: '2024-03-04',
          from: '2024-03-03T23:00:00.000Z',
          to: '2024-03-04T23:00:00.000Z',
          visitors: 412,
          sessions: 530,
          pageviews: 1711,
          bounceRate: 38.3,
          avgEngagementMs: 61240,
          conversionRate: 4.72,
          returningVisitorRate: 21.6,
          responses: 31,
          nps: 35.48,
          csat: 81.82,
          ces: null,
        },
        {
          period: '2024-03-05',
          from: '2024-03-04T23:00:00.000Z',
          to: '2024-03-05T23:00:00.000Z',
          visitors: 0,
          sessions: 0,
          pageviews: 0,
          bounceRate: null,
          avgEngagementMs: null,
          conversionRate: null,
          returningVisitorRate: null,
          responses: 0,
          nps: null,
          csat: null,
          ces: null,
        },
      ],
    },
  });
export type TimeseriesResponse = z.infer<typeof timeseriesResponseSchema>;
