import { z } from 'zod';
import { audienceFilterFields } from './read-filters.js';
import { FRICTION_TYPES, promptKindSchema, rangeQueryFields } from './read-query.js';
import { answerSampleSchema, audienceExactField } from './read-sample.js';
import { rangeEchoSchema } from './read-scores.js';

// GET /v1/insights/friction — "what should we fix first"

export const frictionInsightQuerySchema = z.strictObject({
  ...rangeQueryFields,
  kind: promptKindSchema.default('nps'),
  minResponses: z.coerce.number().int().min(1).max(100_000).default(20).meta({
    description: 'Smallest group (with and without the friction) for a candidate to be ranked as the top friction',
  }),
  ...audienceFilterFields,
  ...audienceExactField,
});
export type FrictionInsightQuery = z.input<typeof frictionInsightQuerySchema>;

export const answerGroupSchema = z.object({
  responses: z.number().int(),
  score: z.number().nullable().meta({ description: 'NPS, CSAT % or CES mean of the group' }),
  detractorRate: z.number().nullable().meta({ description: '% of the group in the detractor segment' }),
});

const comparison = {
  met: answerGroupSchema,
  notMet: answerGroupSchema,
  scoreGap: z.number().nullable().meta({ description: 'met.score − notMet.score' }),
  detractorLift: z
    .number()
    .nullable()
    .meta({ description: 'met.detractorRate − notMet.detractorRate, percentage points' }),
};

export const frictionInsightResponseSchema = z
  .object({
    kind: promptKindSchema,
    range: rangeEchoSchema,
    overall: z.object(comparison).meta({ description: 'Answers after any friction vs. after none' }),
    byType: z.array(z.object({ type: z.enum(FRICTION_TYPES), ...comparison })),
    byPage: z.array(
      z.object({ path: z.string(), ...comparison }).meta({
        description: 'Respondents who met friction on this page before answering vs. those who saw it without friction',
      }),
    ),
    topFriction: z
      .object({ type: z.enum(FRICTION_TYPES).nullable(), path: z.string().nullable(), ...comparison })
      .nullable()
      .meta({ description: 'The friction type or page with the largest detractor lift (both groups ≥ minResponses)' }),
    sampled: answerSampleSchema.optional(),
  })
  .meta({
    description:
      'Only friction met in the session before the answer counts. Friction types: rage, dead and error clicks, JS errors.',
    example: {
      kind: 'nps',
      range: { from: '2024-03-01T00:00:00.000Z', to: '2024-03-31T00:00:00.000Z', tz: 'UTC' },
      overall: {
        met: { responses: 120, score: -18.33, detractorRate: 51.67 },
        notMet: { responses: 880, score: 34.09, detractorRate: 17.05 },
        scoreGap: -52.42,
        detractorLift: 34.62,
      },
      byType: [],
      byPage: [],
      topFriction: null,
    },
  });
export type FrictionInsightResponse = z.infer<typeof frictionInsightResponseSchema>;
