import { z } from 'zod';
import { audienceFilterFields, segmentFilterFields } from './read-filters.js';
import { funnelResponseSchema, MAX_FUNNEL_STEPS, MIN_FUNNEL_STEPS, parseFunnelSteps } from './read-funnels.js';
import { rangeQueryFields } from './read-query.js';

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
  .meta({ id: 'SavedFunnel' });
export type SavedFunnel = z.infer<typeof savedFunnelSchema>;

export const savedFunnelListSchema = z.object({ funnels: z.array(savedFunnelSchema) });
export const savedFunnelIdParamsSchema = z.object({ funnelId: z.string().min(1).max(64) });

export const savedFunnelQuerySchema = z.strictObject({
  ...rangeQueryFields,
  ...segmentFilterFields,
  ...audienceFilterFields,
});

export const SAVED_FUNNEL_SOURCES = ['counts', 'sessions'] as const;

export const savedFunnelResultSchema = funnelResponseSchema.extend({
  funnel: savedFunnelSchema,
  answeredFrom: z.enum(SAVED_FUNNEL_SOURCES).meta({
    description:
      'counts: summed from the counts kept at ingest (medians within 5 %); sessions: walked over the sessions, as ' +
      'GET /v1/funnels does (with a path, trait or returning filter, a device, browser or language filter, or while ' +
      'the funnel is still being counted)',
  }),
});
export type SavedFunnelResult = z.infer<typeof savedFunnelResultSchema>;
