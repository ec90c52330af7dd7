import { z } from 'zod';
import { MAX_TOUCHPOINT_LENGTH, RESPONSE_CHANNELS } from './constants.js';
import { answerSampleSchema, audienceExactField } from './read-sample.js';
import { audienceFilterFields, segmentFilterFields, traitGroupSchema } from './read-filters.js';
import {
  dimensionFilterFields,
  promptKindSchema,
  rangeQueryFields,
  SCORE_GROUP_BYS,
  SCORE_INTERVALS,
} from './read-query.js';

// GET /v1/metrics/scores

export const scoresQuerySchema = z.strictObject({
  kind: promptKindSchema.meta({ description: 'Which scale: nps (0–10), csat (1–5) or ces (1–7)', example: 'nps' }),
  ...rangeQueryFields,
  interval: z
    .enum(SCORE_INTERVALS)
    .default('day')
    .meta({ description: 'Series buckets in `tz`; weeks start on Monday (ISO 8601)' }),
  ...dimensionFilterFields,
  browser: segmentFilterFields.browser,
  channel: z.enum(RESPONSE_CHANNELS).optional().meta({
    description: 'Only answers given there: `web` (the widget) or a link survey’s channel (email, sms, qr, link)',
  }),
  touchpoint: z
    .string()
    .min(1)
    .max(MAX_TOUCHPOINT_LENGTH)
    .optional()
    .meta({ description: 'Only answers from signed links of this touchpoint, e.g. support' }),
  ...audienceFilterFields,
  groupBy: z
    .union([z.enum(SCORE_GROUP_BYS), traitGroupSchema])
    .optional()
    .meta({ description: 'Also break the totals down by this dimension, or by a trait: trait.<name>' }),
  ...audienceExactField,
});
export type ScoresQuery = z.input<typeof scoresQuerySchema>;

export const rangeEchoSchema = z.object({
  from: z.string().meta({
    description: 'Start of the covered range (inclusive, whole UTC hours)',
    example: '2024-02-29T23:00:00.000Z',
  }),
  to: z.string().meta({ description: 'End of the covered range (exclusive)', example: '2024-03-31T22:00:00.000Z' }),
  tz: z.string().meta({ example: 'Europe/Copenhagen' }),
});

const pct = z.number().meta({ description: 'Percent, 0–100, two decimals' });
const nullablePct = pct.nullable();

export const scoreSummarySchema = z.object({
  responses: z.number().int(),
  comments: z.number().int(),
  /** Times a prompt of this kind was shown (matching the filters). */
  displays: z.number().int(),
  responseRate: nullablePct.meta({ description: 'responses ÷ displays × 100; null without displays' }),
  /** Times a visitor closed a prompt of this kind without answering (matching the filters). */
  dismissals: z.number().int(),
  dismissalRate: nullablePct.meta({
    description: 'dismissals ÷ displays × 100 (the share of displays closed unanswered); null without displays',
  }),
  score: z.number().nullable().meta({
    description:
      'NPS: % promoters − % detractors (−100…100). CSAT: % of 4–5. CES: mean on 1–7. null without responses.',
    example: 42.5,
  }),
  marginOfError: z
    .number()
    .nullable()
    .meta({
      description:
        'The ± of the 95 % confidence interval (half its width before clipping to the scale), in the score’s units: ' +
        'NPS points, CSAT percentage points, CES scale points. null below 2 answers.',
      example: 8.61,
    }),
  confidenceInterval: z
    .object({ low: z.number(), high: z.number() })
    .nullable()
    .meta({
      description:
        '95 % confidence interval of the score, clipped to its scale. NPS: Wald interval of the promoter/detractor ' +
        'trinomial, NPS ± 1.96 × 100 × √((p + d − (p − d)²) ÷ n). CSAT: Wilson score interval of the satisfied share. ' +
        'CES: mean ± 1.96 × s ÷ √n (s: sample standard deviation). null below 2 answers.',
    }),
  distribution: z
    .array(z.object({ score: z.number().int(), responses: z.number().int() }))
    .meta({ description: 'Every value of the scale, in order, zeros included' }),
  nps: z
    .object({
      promoters: z.number().int(),
      passives: z.number().int(),
      detractors: z.number().int(),
      promoterPercent: nullablePct,
      detractorPercent: nullablePct,
    })
    .optional(),
  csat: z.object({ satisfied: z.number().int(), satisfiedPercent: nullablePct }).optional(),
  ces: z.object({ mean: z.number().nullable(), easy: z.number().int(), easyPercent: nullablePct }).optional(),
});
export type ScoreSummary = z.infer<typeof scoreSummarySchema>;

export const scoresResponseSchema = z
  .object({
    kind: promptKindSchema,
    interval: z.enum(SCORE_INTERVALS),
    range: rangeEchoSchema,
    total: scoreSummarySchema,
    series: z.array(
      scoreSummarySchema.extend({
        period: z.string().meta({ description: 'First local date of the bucket', example: '2024-03-04' }),
        from: z.string(),
        to: z.string(),
      }),
    ),
    groups: z
      .array(scoreSummarySchema.extend({ key: z.string().meta({ example: '/checkout' }) }))
      .optional()
      .meta({ description: 'With groupBy: one entry per value, most responses first' }),
    sampled: answerSampleSchema.optional(),
  })
  .meta({
    example: {
      kind: 'nps',
      interval: 'week',
      range: { from: '2024-03-03T23:00:00.000Z', to: '2024-03-10T23:00:00.000Z', tz: 'Europe/Copenhagen' },
      total: {
        responses: 4,
        comments: 1,
        displays: 10,
        responseRate: 40,
        dismissals: 3,
        dismissalRate: 30,
        score: 25,
        marginOfError: 81.26,
        confidenceInterval: { low: -56.26, high: 100 },
        distribution: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((score) => ({
          score,
          responses: score === 3 ? 1 : score >= 8 ? 1 : 0,
        })),
        nps: { promoters: 2, passives: 1, detractors: 1, promoterPercent: 50, detractorPercent: 25 },
      },
      series: [],
    },
  });
export type ScoresResponse = z.infer<typeof scoresResponseSchema>;
