import { z } from 'zod';
import {
  LINK_CONTEXT_FLAGS,
  MAX_CUSTOMER_ID_LENGTH,
  MAX_ID_LENGTH,
  MAX_SEARCH_LENGTH,
  MAX_TOUCHPOINT_LENGTH,
  RESPONSE_CHANNELS,
} from './constants.js';
import { audienceFilterFields, segmentFilterFields } from './read-filters.js';
import {
  dimensionFilterFields,
  limitSchema,
  promptKindSchema,
  queryBooleanSchema,
  rangeQueryFields,
  RESPONSE_SEGMENTS,
  RESPONSE_STATUSES,
} from './read-query.js';

// GET /v1/responses (+ .csv / .ndjson exports) and PATCH /v1/responses/:id

export const MAX_NOTE_LENGTH = 2000;

const score = z.coerce.number().int().min(0).max(10);

/** Filters shared by the list and the exports. Without from/to, all time. */
export const responseFilterFields = {
  from: rangeQueryFields.from.meta({
    description: 'Answers given at or after (a date means local midnight in `tz`). Default: no lower bound.',
  }),
  to: rangeQueryFields.to.meta({ description: 'Answers given before (a date is inclusive). Default: no upper bound.' }),
  tz: rangeQueryFields.tz,
  kind: promptKindSchema.optional(),
  ...dimensionFilterFields,
  browser: segmentFilterFields.browser,
  scoreMin: score.optional().meta({ description: 'Lowest score (inclusive), e.g. 0' }),
  scoreMax: score.optional().meta({ description: 'Highest score (inclusive), e.g. 6 for NPS detractors' }),
  segment: z.enum(RESPONSE_SEGMENTS).optional().meta({
    description: 'NPS 0–6 / 7–8 / 9–10; CSAT 1–2 / 3 / 4–5; CES 1–3 / 4 / 5–7 (detractor / passive / promoter)',
  }),
  hasComment: queryBooleanSchema
    .optional()
    .meta({ description: 'true: only answers with a comment; false: only without' }),
  status: z.enum(RESPONSE_STATUSES).optional(),
  channel: z
    .enum(RESPONSE_CHANNELS)
    .optional()
    .meta({ description: '`web` (the widget) or a link survey’s channel: email, sms, qr, link' }),
  touchpoint: z
    .string()
    .min(1)
    .max(MAX_TOUCHPOINT_LENGTH)
    .optional()
    .meta({ description: 'A signed link’s touchpoint, e.g. support' }),
  customer: z
    .string()
    .min(1)
    .max(MAX_CUSTOMER_ID_LENGTH)
    .optional()
    .meta({ description: 'A customer id (identify’s or a signed link’s): every answer of one customer' }),
  ...audienceFilterFields,
  q: z
    .string()
    .trim()
    .max(MAX_SEARCH_LENGTH)
    .optional()
    .meta({
      description:
        'Text search, e.g. coupon: answers whose comment or internal note contains this text, ignoring case and ' +
        'Unicode form (NFKC). Taken literally: % _ \\ and quotes are plain characters. Empty: no search.',
    }),
};

export const responsesExportQuerySchema = z.strictObject(responseFilterFields);
export type ResponsesExportQuery = z.input<typeof responsesExportQuerySchema>;
/** The filters once parsed (defaults applied, numbers and booleans coerced). */
export type ResponseFilterValues = z.output<typeof responsesExportQuerySchema>;

export const responsesQuerySchema = z.strictObject({
  ...responseFilterFields,
  limit: limitSchema(50, 200).meta({ description: 'Page size (1–200)' }),
  cursor: z.string().max(200).optional().meta({ description: 'nextCursor of the previous page' }),
});
export type ResponsesQuery = z.input<typeof responsesQuerySchema>;

export const responseIdParamsSchema = z.object({
  id: z.string().min(1).max(MAX_ID_LENGTH).meta({ description: 'The response id (the display id the widget sent)' }),
});

export const frictionBeforeSchema = z
  .object({
    pagesSeen: z.number().int().meta({ description: 'Page views in the session before answering' }),
    rageClicks: z.number().int(),
    deadClicks: z.number().int(),
    errorClicks: z.number().int(),
    jsErrors: z.number().int(),
  })
  .meta({ description: 'What the session met before this answer (events earlier than createdAt)' });

export const responseItemSchema = z
  .object({
    id: z.string(),
    promptId: z.string(),
    kind: promptKindSchema,
    score: z.number().int(),
    segment: z.enum(RESPONSE_SEGMENTS),
    comment: z.string().nullable(),
    status: z.enum(RESPONSE_STATUSES),
    note: z.string().nullable(),
    resolvedAt: z.string().nullable().meta({ description: 'When it was resolved; null while open' }),
    createdAt: z.string().meta({ description: 'When the visitor answered (client time, corrected for clock skew)' }),
    updatedAt: z.string().meta({
      description:
        "When it last changed: the answer's newest event (a comment, a changed score) or a change of status or note, whichever is later",
    }),
    path: z.string(),
    device: z.string(),
    browser: z.string(),
    language: z.string(),
    sessionId: z.string(),
    visitorId: z.string().nullable(),
    friction: frictionBeforeSchema,
    channel: z
      .enum(RESPONSE_CHANNELS)
      .meta({ description: '`web`: the widget on the site; otherwise a link survey’s channel (hosted page)' }),
    touchpoint: z.string().nullable().meta({ description: 'A signed link’s touchpoint (support, delivery…)' }),
    customerId: z.string().nullable().meta({ description: 'A signed link’s customer id' }),
    traits: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .nullable()
      .meta({ description: 'A signed link’s traits (at most ten)' }),
    linkFlag: z
      .enum(LINK_CONTEXT_FLAGS)
      .nullable()
      .meta({ description: 'Why a link’s token context was dropped (the answer was kept); null otherwise' }),
  })
  .meta({
    id: 'Response',
    example: {
      id: '5f0c6a1e-8d1b-4a53-9a4e-2f1f0e8b9c11',
      promptId: 'pr_8Jk2mQ0aZ1xYb3Cd',
      kind: 'nps',
      score: 3,
      segment: 'detractor',
      comment: 'Checkout kept failing',
      status: 'resolved',
      note: 'Fixed the coupon field, emailed the customer',
      resolvedAt: '2024-03-02T10:00:00.000Z',
      createdAt: '2024-03-01T09:12:44.120Z',
      updatedAt: '2024-03-02T10:00:00.000Z',
      path: '/checkout',
      device: 'mobile',
      browser: 'safari',
      language: 'en-GB',
      sessionId: 's_1',
      visitorId: 'v_1',
      friction: { pagesSeen: 4, rageClicks: 2, deadClicks: 0, errorClicks: 1, jsErrors: 1 },
      channel: 'web',
      touchpoint: null,
      customerId: null,
      traits: null,
      linkFlag: null,
    },
  });
export type ResponseItem = z.infer<typeof responseItemSchema>;

export const responsesPageSchema = z.object({
  responses: z.array(responseItemSchema).meta({ description: 'Newest first' }),
  nextCursor: z.string().nullable().meta({ description: 'Pass as ?cursor= for the next page; null on the last page' }),
});
export type ResponsesPage = z.infer<typeof responsesPageSchema>;

export const responsePatchSchema = z
  .strictObject({
    status: z.enum(RESPONSE_STATUSES).optional().meta({ description: 'resolved closes the loop; open reopens it' }),
    note: z.string().max(MAX_NOTE_LENGTH).nullable().optional().meta({ description: 'Internal note; null removes it' }),
  })
  .refine((p) => p.status !== undefined || p.note !== undefined, { message: 'send status and/or note' })
  .meta({ example: { status: 'resolved', note: 'Refunded, see ticket #4411' } });
export type ResponsePatch = z.infer<typeof responsePatchSchema>;
