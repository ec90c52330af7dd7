import { z } from 'zod';
import { MAX_PAGE_GROUP_NAME_LENGTH, MAX_PATH_LENGTH } from './constants.js';

// /v1/page-groups: a site's named sets of pages (path patterns), read as touchpoints.

const MAX_PATTERN_WILDCARDS = 4;

export const PAGE_GROUP_MATCHES = ['exact', 'prefix', 'wildcard'] as const;

export const pageGroupInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(MAX_PAGE_GROUP_NAME_LENGTH).meta({ description: 'Shown as the touchpoint' }),
    match: z.enum(PAGE_GROUP_MATCHES).default('wildcard').meta({
      description:
        'exact: the path (a trailing slash ignored); prefix: paths starting with it; wildcard: `*` is any run of characters',
    }),
    pattern: z
      .string()
      .startsWith('/')
      .max(MAX_PATH_LENGTH)
      // Each `*` is a run the matcher may try at every position: a few keep a match linear enough.
      .refine((s) => (s.match(/\*/g)?.length ?? 0) <= MAX_PATTERN_WILDCARDS, {
        message: `at most ${MAX_PATTERN_WILDCARDS} wildcards (*)`,
      })
      .meta({ description: 'A path or path pattern, e.g. /products/* or /checkout*' }),
    position: z.number().int().min(0).max(10_000).optional().meta({
      description: 'Order: a path belongs to the first group (lowest position) it matches. Default: last',
    }),
  })
  .meta({ example: { name: 'Product pages', match: 'wildcard', pattern: '/products/*' } });
export type PageGroupInput = z.input<typeof pageGroupInputSchema>;

export const pageGroupPatchSchema = pageGroupInputSchema
  .partial()
  .meta({ example: { name: 'Checkout', pattern: '/checkout*' } });

export const pageGroupSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    match: z.enum(PAGE_GROUP_MATCHES),
    pattern: z.string(),
    position: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PageGroup' });
export type PageGroup = z.infer<typeof pageGroupSchema>;

export const pageGroupListSchema = z.object({ groups: z.array(pageGroupSchema) });
export const pageGroupIdParamsSchema = z.object({ groupId: z.string().min(1).max(64) });
