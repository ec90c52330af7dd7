import { z } from 'zod';
import { MAX_JOURNEY_DEPTH } from './constants.js';
import { audienceFilterFields, segmentFilterFields } from './read-filters.js';
import { promptKindSchema, RESPONSE_SEGMENTS, rangeQueryFields } from './read-query.js';
import { answerSampleSchema, audienceExactField } from './read-sample.js';
import { rangeEchoSchema } from './read-scores.js';

// GET /v1/insights/journeys and GET /v1/insights/touchpoints: the pages behind a score.

/** Visitor-segment filters these routes take (an answer's device, browser and language). */
const visitorSegmentFields = {
  device: segmentFilterFields.device,
  browser: segmentFilterFields.browser,
  language: segmentFilterFields.language,
  ...audienceFilterFields,
};

export const journeysQuerySchema = z.strictObject({
  kind: promptKindSchema.default('nps').meta({ description: 'Which scale: nps, csat or ces' }),
  segment: z
    .enum(RESPONSE_SEGMENTS)
    .default('detractor')
    .meta({
      description:
        'The score band whose journeys are ranked: detractor, passive or promoter (CSAT and CES: low, neutral, high, ' +
        'as the scores route splits them)',
    }),
  compareTo: z.enum(RESPONSE_SEGMENTS).optional().meta({
    description: 'The band each journey is compared with. Default: promoter (detractor when segment is promoter)',
  }),
  depth: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_JOURNEY_DEPTH)
    .default(3)
    .meta({
      description: `How many of the last page steps before the answer make a journey (1–${MAX_JOURNEY_DEPTH})`,
    }),
  limit: z.coerce.number().int().min(1).max(100).default(10).meta({ description: 'Most journeys listed' }),
  ...rangeQueryFields,
  ...visitorSegmentFields,
  ...audienceExactField,
});
export type JourneysQuery = z.input<typeof journeysQuerySchema>;

const bandShare = z.object({
  responses: z.number().int().meta({ description: 'Answers of the band that came by this journey' }),
  share: z.number().nullable().meta({ description: '% of all the band’s answers (with a known journey)' }),
});

export const journeysResponseSchema = z
  .object({
    kind: promptKindSchema,
    segment: z.enum(RESPONSE_SEGMENTS),
    compareTo: z.enum(RESPONSE_SEGMENTS),
    depth: z.number().int(),
    range: rangeEchoSchema,
    totals: z.object({
      segment: z.number().int().meta({ description: 'Answers of the band with a journey of at least one step' }),
      compareTo: z.number().int().meta({ description: 'Answers of the compared band with a journey' }),
    }),
    journeys: z.array(
      z.object({
        steps: z.array(z.string()).meta({
          description: 'The page paths, oldest first; the last is the page the answer was given on',
          example: ['/products/lamp', '/cart', '/checkout'],
        }),
        responses: z.number().int().meta({ description: 'Answers of the band that came by this journey' }),
        share: z.number().nullable().meta({ description: '% of the band’s answers' }),
        meanScore: z.number().nullable().meta({ description: 'Mean score of those answers' }),
        compared: bandShare.meta({ description: 'The same journey among the compared band' }),
        lift: z.number().nullable().meta({ description: 'share − compared.share, percentage points' }),
      }),
    ),
    sampled: answerSampleSchema.optional(),
  })
  .meta({ id: 'JourneysAnswer' });
export type JourneysResponse = z.infer<typeof journeysResponseSchema>;

export const touchpointsQuerySchema = z.strictObject({
  kind: promptKindSchema.default('nps').meta({ description: 'Which scale: nps, csat or ces' }),
  limit: z.coerce.number().int().min(1).max(200).default(20).meta({
    description: 'Most pages listed outside any page group',
  }),
  ...rangeQueryFields,
  ...visitorSegmentFields,
  ...audienceExactField,
});
export type TouchpointsQuery = z.input<typeof touchpointsQuerySchema>;

const touchpointFigures = {
  responses: z.number().int(),
  score: z.number().nullable().meta({ description: 'NPS, CSAT % or CES mean of the answers given there' }),
  meanScore: z.number().nullable(),
  promoters: z.number().int(),
  passives: z.number().int(),
  detractors: z.number().int(),
};

export const touchpointsResponseSchema = z
  .object({
    kind: promptKindSchema,
    range: rangeEchoSchema,
    groups: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        pages: z.number().int().meta({ description: 'Distinct pages of the group with answers' }),
        ...touchpointFigures,
      }),
    ),
    pages: z.array(
      z.object({ path: z.string(), ...touchpointFigures }).meta({
        description: 'Pages in no page group, most answered first',
      }),
    ),
    otherPages: z.number().int().meta({ description: 'Pages in no group left out by `limit`' }),
    sampled: answerSampleSchema.optional(),
  })
  .meta({ id: 'TouchpointsAnswer' });
export type TouchpointsResponse = z.infer<typeof touchpointsResponseSchema>;
