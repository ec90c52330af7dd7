import { z } from 'zod';
import { MAX_PATH_LENGTH, MAX_TRACK_NAME_LENGTH, PROMPT_KINDS } from './constants.js';
import { audienceFilterFields, segmentFilterFields } from './read-filters.js';
import { limitSchema, rangeQueryFields } from './read-query.js';
import { rangeEchoSchema } from './read-scores.js';
import { EXACT_VALUES } from './read-sample.js';

// GET /v1/funnels — conversion through steps chosen when asked, within one session, in order.
// GET /v1/metrics/conversion — how sessions convert per page, device and answer band.

export const MIN_FUNNEL_STEPS = 2;
export const MAX_FUNNEL_STEPS = 10;
/** The whole `steps` parameter: ten steps of a long path each, and no more. */
export const MAX_FUNNEL_STEPS_LENGTH = 4096;
/** A step that names a goal (`track` event) instead of a page. */
export const TRACK_STEP_PREFIX = 'track:';

/** One funnel step: the pages whose path matches `pattern` (`*` = any run of characters), or one goal. */
export type FunnelStep = { kind: 'page'; pattern: string } | { kind: 'track'; name: string };

/**
 * The steps of `?steps=`, or the reason they are not steps. Commas separate steps (so a step holds
 * none); a step is a path pattern starting with `/`, or `track:` and a goal name.
 */
export function parseFunnelSteps(raw: string): FunnelStep[] | string {
  const parts = raw.split(',').map((s) => s.trim());
  if (parts.length < MIN_FUNNEL_STEPS) return `a funnel needs at least ${MIN_FUNNEL_STEPS} steps, separated by commas`;
  if (parts.length > MAX_FUNNEL_STEPS) return `a funnel has at most ${MAX_FUNNEL_STEPS} steps (got ${parts.length})`;
  const steps: FunnelStep[] = [];
  for (const [i, part] of parts.entries()) {
    const n = i + 1;
    if (part.startsWith(TRACK_STEP_PREFIX)) {
      const name = part.slice(TRACK_STEP_PREFIX.length);
      if (name === '') return `step ${n}: "track:" needs a goal name, e.g. track:purchase`;
      if (name.length > MAX_TRACK_NAME_LENGTH)
        return `step ${n}: a goal name has at most ${MAX_TRACK_NAME_LENGTH} characters`;
      steps.push({ kind: 'track', name });
    } else if (part.startsWith('/')) {
      if (part.length > MAX_PATH_LENGTH) return `step ${n}: a path pattern has at most ${MAX_PATH_LENGTH} characters`;
      steps.push({ kind: 'page', pattern: part });
    } else {
      return `step ${n}: must be a path pattern starting with / (e.g. /checkout/*) or track:<goal name>, got ${JSON.stringify(part.slice(0, 40))}`;
    }
  }
  return steps;
}

export const funnelQuerySchema = z.strictObject({
  ...rangeQueryFields,
  steps: z
    .string()
    .max(MAX_FUNNEL_STEPS_LENGTH)
    .transform((raw, ctx) => {
      const steps = parseFunnelSteps(raw);
      if (typeof steps === 'string') {
        ctx.addIssue({ code: 'custom', message: steps });
        return z.NEVER;
      }
      return steps;
    })
    .meta({
      description:
        `${MIN_FUNNEL_STEPS}–${MAX_FUNNEL_STEPS} steps separated by commas: a path pattern (\`/checkout\`, \`/product/*\`: ` +
        '`*` is any run of characters; a pattern without `*` ignores a trailing slash) or `track:<goal name>`.',
      example: '/product/*,/cart,/checkout,track:purchase',
    }),
  exact: z
    .enum(EXACT_VALUES)
    .optional()
    .meta({
      description:
        'true: walk every session of the range however many there are (slower on a busy site); otherwise a range with ' +
        'more sessions than the server’s threshold is estimated from a fixed sample of them (see `sampled`)',
    }),
  ...segmentFilterFields,
  ...audienceFilterFields,
});
export type FunnelQuery = z.input<typeof funnelQuerySchema>;

export const funnelStepResultSchema = z.object({
  step: z.string().meta({ description: 'The step as asked', example: '/cart' }),
  entered: z.number().int().meta({ description: 'Sessions that reached this step after every step before it' }),
  converted: z
    .number()
    .int()
    .meta({ description: 'Of those, sessions that went on to the next step (the last step: 0, nothing follows)' }),
  dropOff: z.number().int().meta({ description: 'entered − converted (the last step: 0)' }),
  conversionRate: z
    .number()
    .nullable()
    .meta({ description: 'converted ÷ entered, percent with two decimals; null without entries or on the last step' }),
  fromStartRate: z
    .number()
    .nullable()
    .meta({ description: 'entered ÷ the first step’s entered, percent; null when nobody entered the funnel' }),
  medianMsToNext: z.number().nullable().meta({
    description: 'Median time from this step to the next over the sessions that converted (ms); null when none did',
  }),
});
export type FunnelStepResult = z.infer<typeof funnelStepResultSchema>;

export const funnelSampleSchema = z
  .object({
    rate: z
      .number()
      .meta({ description: 'The share of the sessions walked, 0–1 (a power of ½): each stands for 1 ÷ rate sessions' }),
    sessions: z.number().int().meta({ description: 'Sessions of the sample that entered the funnel, before scaling' }),
  })
  .meta({
    description:
      'Present only when the answer is an estimate: the range held more sessions than the server walks per request ' +
      '(LOUPE_FUNNEL_SAMPLE_THRESHOLD), so it walked a fixed sample of them, chosen by a hash of the session id (the ' +
      'same sessions on every request). Counts are the sample’s times 1 ÷ rate; rates and medians are the sample’s. ' +
      'For exact counts ask again with exact=true, or save the funnel (POST /v1/funnels/saved): saved funnels are ' +
      'counted at ingest (read without a filter, from those counts).',
    example: { rate: 0.125, sessions: 9120 },
  });
export type FunnelSample = z.infer<typeof funnelSampleSchema>;

export const funnelResponseSchema = z
  .object({
    range: rangeEchoSchema,
    steps: z.array(funnelStepResultSchema),
    completionRate: z
      .number()
      .nullable()
      .meta({ description: 'Sessions that reached the last step ÷ those that entered the first, percent' }),
    medianMsToComplete: z.number().nullable().meta({ description: 'Median time from the first step to the last (ms)' }),
    sampled: funnelSampleSchema.optional(),
  })
  .meta({
    example: {
      range: { from: '2024-03-01T00:00:00.000Z', to: '2024-03-31T00:00:00.000Z', tz: 'UTC' },
      steps: [
        {
          step: '/product/*',
          entered: 1200,
          converted: 480,
          dropOff: 720,
          conversionRate: 40,
          fromStartRate: 100,
          medianMsToNext: 42000,
        },
        {
          step: '/cart',
          entered: 480,
          converted: 300,
          dropOff: 180,
          conversionRate: 62.5,
          fromStartRate: 40,
          medianMsToNext: 15000,
        },
        {
          step: 'track:purchase',
          entered: 300,
          converted: 0,
          dropOff: 0,
          conversionRate: null,
          fromStartRate: 25,
          medianMsToNext: null,
        },
      ],
      completionRate: 25,
      medianMsToComplete: 61000,
    },
  });
export type FunnelResponse = z.infer<typeof funnelResponseSchema>;

export const CONVERSION_DIMENSIONS = ['page', 'device', 'band'] as const;
export type ConversionDimension = (typeof CONVERSION_DIMENSIONS)[number];

export const conversionQuerySchema = z.strictObject({
  ...rangeQueryFields,
  by: z.enum(CONVERSION_DIMENSIONS).meta({
    description:
      'page: sessions that viewed each page; device: sessions per device class; band: sessions whose last answer ' +
      'of `kind` in the range was a detractor, passive or promoter',
    example: 'band',
  }),
  goal: z
    .string()
    .min(1)
    .max(MAX_TRACK_NAME_LENGTH)
    .optional()
    .meta({ description: 'One goal (track event name); without it, a session converted if it tracked any goal' }),
  kind: z.enum(PROMPT_KINDS).default('nps').meta({
    description:
      'by=band: the kind of answer whose bands are compared (NPS: detractors 0–6, passives 7–8, promoters 9–10)',
  }),
  exact: z
    .enum(EXACT_VALUES)
    .optional()
    .meta({
      description:
        'by=page and by=device with a path, trait or returning filter: true walks every session of the range however ' +
        'many there are; otherwise a range with more sessions than the server’s threshold is estimated from a fixed ' +
        'sample of them (see `sampled`). Without such a filter the answer is exact either way',
    }),
  ...segmentFilterFields,
  ...audienceFilterFields,
  limit: limitSchema(50, 500),
});
export type ConversionQuery = z.input<typeof conversionQuerySchema>;

export const conversionRowSchema = z.object({
  value: z.string().meta({ description: 'The page path, device class, or band', example: 'promoter' }),
  sessions: z.number().int(),
  converted: z.number().int().meta({ description: 'Of those sessions, the ones that tracked the goal' }),
  conversionRate: z.number().nullable().meta({ description: 'converted ÷ sessions, percent with two decimals' }),
});
export type ConversionRow = z.infer<typeof conversionRowSchema>;

export const conversionSampleSchema = z
  .object({
    rate: z
      .number()
      .meta({ description: 'The share of the sessions walked, 0–1 (a power of ½): each stands for 1 ÷ rate sessions' }),
    sessions: z.number().int().meta({ description: 'Sessions of the sample that passed the filters, before scaling' }),
  })
  .meta({
    description:
      'Present only when the answer is an estimate: under a path, trait or returning filter the range held more ' +
      'sessions than the server walks per request (LOUPE_FUNNEL_SAMPLE_THRESHOLD), so it walked the fixed sample of ' +
      'them a funnel walks (by a hash of the session id: the same sessions on every request). sessions and converted ' +
      'are the sample’s times 1 ÷ rate; conversionRate is the sample’s. For exact counts ask again with exact=true.',
    example: { rate: 0.0625, sessions: 1180 },
  });
export type ConversionSample = z.infer<typeof conversionSampleSchema>;

export const conversionResponseSchema = z
  .object({
    by: z.enum(CONVERSION_DIMENSIONS),
    goal: z.string().nullable(),
    range: rangeEchoSchema,
    totalValues: z
      .number()
      .int()
      .meta({ description: 'Values with sessions in the range, before limit (when sampled: in the sample)' }),
    rows: z.array(conversionRowSchema),
    sampled: conversionSampleSchema.optional(),
  })
  .meta({
    example: {
      by: 'band',
      goal: 'purchase',
      range: { from: '2024-03-01T00:00:00.000Z', to: '2024-03-31T00:00:00.000Z', tz: 'UTC' },
      totalValues: 3,
      rows: [
        { value: 'promoter', sessions: 410, converted: 98, conversionRate: 23.9 },
        { value: 'passive', sessions: 220, converted: 31, conversionRate: 14.09 },
        { value: 'detractor', sessions: 150, converted: 9, conversionRate: 6 },
      ],
    },
  });
export type ConversionResponse = z.infer<typeof conversionResponseSchema>;
