import { z } from 'zod';
import { audienceFilterFields, segmentFilterFields } from './read-filters.js';
import { rangeQueryFields } from './read-query.js';
import { answerSampleSchema, audienceExactField, audienceSampleSchema } from './read-sample.js';
import { rangeEchoSchema } from './read-scores.js';

// GET /v1/metrics/overview

export const overviewQuerySchema = z.strictObject({
  ...rangeQueryFields,
  ...segmentFilterFields,
  ...audienceFilterFields,
  ...audienceExactField,
});
export type OverviewQuery = z.input<typeof overviewQuerySchema>;

export const changeSchema = z
  .object({
    value: z.number().nullable(),
    previous: z
      .number()
      .nullable()
      .meta({ description: 'The same figure over the period of equal length just before' }),
    change: z.number().nullable().meta({ description: 'value − previous (percentage points for rates and scores)' }),
    changePercent: z
      .number()
      .nullable()
      .meta({ description: '(value − previous) ÷ |previous| × 100; null when previous is 0 or null' }),
  })
  .meta({ id: 'Change' });
export type Change = z.infer<typeof changeSchema>;

export const overviewResponseSchema = z
  .object({
    range: rangeEchoSchema,
    previousRange: rangeEchoSchema,
    sampled: audienceSampleSchema.optional(),
    answersSampled: answerSampleSchema.optional().meta({
      description:
        'Present only when the figures of answers (responses, scores, complaints and their rate, open ' +
        'complaints) are estimates: the audience’s rarest trait (without a trait, the range) had more answers than the server ' +
        'reads per request (LOUPE_FUNNEL_SAMPLE_THRESHOLD), so it read a fixed sample of them, chosen by a ' +
        'hash of the answer id (the same answers on every request, and the same sample /v1/metrics/scores ' +
        'reads for the same range and audience). Counts of answers are the sample’s times 1 ÷ rate; scores ' +
        'are the sample’s own. Independent of `sampled` (the sessions’ sample). For exact figures ask again ' +
        'with exact=true. Each period (the range and the previous one) chooses its own level, as its sessions ' +
        'do: this names the range’s sample, or the previous range’s when only it was sampled.',
    }),
    visitors: changeSchema.meta({
      description:
        'Distinct visitors of sessions started in the range (HyperLogLog: exact up to a few hundred per hour, ' +
        '±1.6 % typical beyond). Sessions without a visitor id (Do Not Track / GPC) count as one visitor each. ' +
        'null under a path filter: visitors are not kept per page; null too when the figures are estimated from a ' +
        'sample of the audience’s sessions (`sampled`): a sample of sessions does not tell how many distinct visitors ' +
        'the whole had.',
    }),
    sessions: changeSchema.meta({
      description: 'Sessions started in the range; under a path filter, sessions that viewed the page',
    }),
    pageviews: changeSchema.meta({ description: 'Page views in the range; under a path filter, views of that page' }),
    bounceRate: changeSchema.meta({
      description:
        '% of sessions not engaged (< 10 s engaged, one page view, no answer); under a path filter, of sessions that entered on the page',
    }),
    avgEngagementMs: changeSchema.meta({
      description:
        'Mean engaged (visible and focused) time per session; under a path filter, time on the page per session that viewed it',
    }),
    conversionRate: changeSchema.meta({
      description:
        '% of sessions with at least one goal (`track`); under a path filter, of sessions that entered on the page',
    }),
    returningVisitorRate: changeSchema.meta({
      description:
        '% of visitors with a session before this one (GA4 "returning"); null under a path filter, and when sampled (as visitors)',
    }),
    responses: changeSchema,
    nps: changeSchema,
    csat: changeSchema.meta({ description: '% of CSAT answers that are 4–5' }),
    ces: changeSchema.meta({ description: 'Mean CES on 1–7' }),
    complaints: changeSchema.meta({ description: 'Detractor-segment answers with a comment' }),
    complaintRate: changeSchema.meta({ description: 'complaints ÷ responses, %' }),
    openComplaints: changeSchema.meta({ description: 'Complaints given in the period that are not resolved yet' }),
    resolved: changeSchema.meta({ description: 'Answers resolved in the period (PATCH status=resolved)' }),
    medianTimeToResolveMs: changeSchema.meta({
      description:
        'Median of resolvedAt − createdAt over answers resolved in the period (nearest rank, the lower middle for an even count), ' +
        "read from log-spaced buckets kept at each resolve: within 5 % of that answer's duration; a negative duration counts as 0",
    }),
    goals: z.array(
      z.object({
        name: z.string(),
        conversions: changeSchema.meta({ description: 'Sessions with at least one `track` of this name' }),
        conversionRate: changeSchema.meta({
          description: 'conversions ÷ sessions started (under a path filter: entered there), %',
        }),
      }),
    ),
  })
  .meta({
    example: {
      range: { from: '2024-03-01T00:00:00.000Z', to: '2024-03-31T00:00:00.000Z', tz: 'UTC' },
      previousRange: { from: '2024-01-31T00:00:00.000Z', to: '2024-03-01T00:00:00.000Z', tz: 'UTC' },
      visitors: { value: 1200, previous: 1000, change: 200, changePercent: 20 },
      pageviews: { value: 5230, previous: 4100, change: 1130, changePercent: 27.56 },
      conversionRate: { value: 4.5, previous: 5, change: -0.5, changePercent: -10 },
      nps: { value: 31.5, previous: 28, change: 3.5, changePercent: 12.5 },
    },
  });
export type OverviewResponse = z.infer<typeof overviewResponseSchema>;
