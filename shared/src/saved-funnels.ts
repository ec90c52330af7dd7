import { z } from 'zod';
import { audienceFilterFields, segmentFilterFields } from './read-filters.js';
import { funnelResponseSchema, MAX_FUNNEL_STEPS, MIN_FUNNEL_STEPS, parseFunnelSteps } from './read-funnels.js';
import { rangeQueryFields } from './read-query.js';
import { EXACT_VALUES } from './read-sample.js';

// /v1/funnels/saved: a site's named funnels. The ingest writer counts each one as events arrive, so
// reading a saved funnel over any range sums a few rows instead of walking every session.

/** Each saved funnel costs the write path a walk per changed session: a few per site. */
export const MAX_SAVED_FUNNELS_PER_SITE = 20;
export const MAX_SAVED_FUNNEL_NAME_LENGTH = 120;

const stepsField = z
  .array(z.string().trim().min(1).max(1024))
  .min(MIN_FUNNEL_STEPS)
  .max(MAX_FUNNEL_STEPS)
  .superRefine((steps, ctx) => {
    if (steps.some((s) => s.includes(','))) {
      ctx.addIssue({ code: 'custom', message: 'a step cannot contain a comma' });
      return;
    }
    const parsed = parseFunnelSteps(steps.join(','));
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
  })
  .meta({
    description:
      `${MIN_FUNNEL_STEPS}–${MAX_FUNNEL_STEPS} steps, as GET /v1/funnels takes them: a path pattern (\`/checkout\`, ` +
      '`/product/*`) or `track:<goal name>`.',
    example: ['/product/*', '/cart', '/checkout', 'track:purchase'],
  });

export const savedFunnelInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(MAX_SAVED_FUNNEL_NAME_LENGTH).meta({ description: 'Shown in the Funnels view' }),
    steps: stepsField,
  })
  .meta({ example: { name: 'Shop checkout', steps: ['/product/*', '/cart', '/checkout', 'track:purchase'] } });
export type SavedFunnelInput = z.input<typeof savedFunnelInputSchema>;

export const savedFunnelPatchSchema = savedFunnelInputSchema
  .partial()
  .meta({ example: { name: 'Checkout (all products)' } });

const exampleFunnel = {
  id: 'fn_3kTqH1cVb0Xs',
  name: 'Shop checkout',
  steps: ['/product/*', '/cart', 'track:purchase'],
  createdAt: '2024-03-01T09:00:00.000Z',
  updatedAt: '2024-03-01T09:00:00.000Z',
  counted: true,
};

export const savedFunnelSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    steps: z.array(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
    counted: z.boolean().meta({
      description:
        'Whether the counts kept at ingest cover every stored session yet (a funnel saved, or whose steps changed, ' +
        'after data arrived is counted over the stored sessions by a background job; until then it is read by ' +
        'walking the sessions, with the same answer)',
    }),
  })
  .meta({ id: 'SavedFunnel', example: exampleFunnel });
export type SavedFunnel = z.infer<typeof savedFunnelSchema>;

export const savedFunnelListSchema = z
  .object({ funnels: z.array(savedFunnelSchema) })
  .meta({ example: { funnels: [exampleFunnel] } });
export const savedFunnelIdParamsSchema = z.object({ funnelId: z.string().min(1).max(64) });

export const savedFunnelQuerySchema = z.strictObject({
  ...rangeQueryFields,
  exact: z
    .enum(EXACT_VALUES)
    .optional()
    .meta({
      description:
        'With a filter, trait or returning (the sessions are walked): true walks every session of the range however ' +
        'many there are; otherwise a range with more sessions than the server’s threshold is estimated from a fixed ' +
        'sample of them (see `sampled`), as GET /v1/funnels is. Without one the counts answer, exact either way',
    }),
  ...segmentFilterFields,
  ...audienceFilterFields,
});

export const SAVED_FUNNEL_SOURCES = ['counts', 'sessions'] as const;

export const savedFunnelResultSchema = funnelResponseSchema
  .extend({
    funnel: savedFunnelSchema,
    answeredFrom: z.enum(SAVED_FUNNEL_SOURCES).meta({
      description:
        'counts: summed from the counts kept at ingest (medians within 5 %); sessions: walked over the sessions, as ' +
        'GET /v1/funnels does (with a path, trait or returning filter, a device, browser or language filter, or while ' +
        'the funnel is still being counted); with a filter past the server’s threshold, from a sample (`sampled`)',
    }),
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
          medianMsToNext: 41800,
        },
        {
          step: '/cart',
          entered: 480,
          converted: 300,
          dropOff: 180,
          conversionRate: 62.5,
          fromStartRate: 40,
          medianMsToNext: 15200,
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
      medianMsToComplete: 60900,
      funnel: exampleFunnel,
      answeredFrom: 'counts',
    },
  });
export type SavedFunnelResult = z.infer<typeof savedFunnelResultSchema>;
