import { z } from 'zod';
import {
  DEFAULT_RAW_EVENTS_DAYS,
  MAX_EVENTS_PER_BATCH,
  MAX_KEY_LENGTH,
  MAX_RETENTION_DAYS,
  MAX_SITE_ORIGINS,
  MAX_URL_LENGTH,
  MIN_RETENTION_DAYS,
  PUBLIC_KEY_PREFIX,
} from './constants.js';
import { ERROR_CODES } from './errors.js';
import { eventSchema } from './events.js';
import { timeZoneSchema } from './read-query.js';

/**
 * The batch envelope. Events stay `unknown` here on purpose: each one is validated on its own,
 * so one bad event is rejected with its index while the valid ones are stored.
 */
export const collectBodySchema = z.strictObject({
  key: z
    .string()
    .startsWith(PUBLIC_KEY_PREFIX)
    .max(MAX_KEY_LENGTH)
    .meta({ description: "The site's public key (pk_…)" }),
  events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_BATCH),
  sentAt: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .meta({ description: 'Client clock at send time, so the server can correct skewed event timestamps' }),
});
export type CollectBody = z.infer<typeof collectBodySchema>;

/**
 * The batch as /openapi.json documents it: what each event must be. The route validates
 * `collectBodySchema` and then each event alone, as said above; this is the same contract, spelled
 * out for readers and client generators.
 */
export const collectBodyDocumentedSchema = collectBodySchema.extend({
  events: z.array(eventSchema).min(1).max(MAX_EVENTS_PER_BATCH).meta({
    description: 'Each event is validated on its own: an invalid one is listed in `rejected`, the others are stored',
  }),
});

export const rejectedEventSchema = z.object({
  index: z.number().int().nonnegative(),
  id: z.string().optional(),
  reason: z.string(),
});

export const collectResponseSchema = z.object({
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  rejected: z.array(rejectedEventSchema),
});
export type CollectResponse = z.infer<typeof collectResponseSchema>;

/** RFC 9457 problem details, with Loupe's stable `code`. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.enum(Object.values(ERROR_CODES) as [string, ...string[]]),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problemSchema>;

// ---- Sites ---------------------------------------------------------------------------------------

/** An allowed origin is scheme://host[:port], exactly what browsers send in `Origin`. */
export const originSchema = z
  .string()
  .max(MAX_URL_LENGTH)
  .refine(
    (s) => {
      try {
        const u = new URL(s);
        return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === s;
      } catch {
        return false;
      }
    },
    { message: 'must be an origin like https://shop.example (scheme, host, optional port)' },
  );

const originsSchema = z.array(originSchema).max(MAX_SITE_ORIGINS).meta({
  description: 'The origins whose pages may send events with the public key; another origin gets 403',
});

const siteNameSchema = z.string().trim().min(1).max(200);
const siteTimeZoneSchema = timeZoneSchema.meta({
  description: "The site's IANA time zone: the dashboard's default for dates and day/week/month buckets",
  example: 'Europe/Copenhagen',
});

const retentionDaysSchema = z
  .number({ error: 'must be a number of days' })
  .int('must be a whole number of days')
  .min(MIN_RETENTION_DAYS, `must be at least ${MIN_RETENTION_DAYS} days (events may still arrive 7 days late)`)
  .max(MAX_RETENTION_DAYS, `must be at most ${MAX_RETENTION_DAYS} days`)
  .meta({ example: DEFAULT_RAW_EVENTS_DAYS });
const rawEventsDaysSchema = retentionDaysSchema.meta({
  description:
    `Days the raw events (and the sessions and page visits derived from them) are kept, counted in whole days of ` +
    `the site's time zone by when each event happened; ${MIN_RETENTION_DAYS}–${MAX_RETENTION_DAYS}, default ` +
    `${DEFAULT_RAW_EVENTS_DAYS}. Aggregates are kept whatever this says`,
});
const responsesDaysSchema = retentionDaysSchema.nullable().meta({
  description:
    `Days the answers (score, comment, note) and their webhook deliveries are kept, by when they were answered; ` +
    `${MIN_RETENTION_DAYS}–${MAX_RETENTION_DAYS}, or null (the default) to keep them. Scores in aggregates stay`,
});

export const createSiteBodySchema = z.strictObject({
  name: siteNameSchema,
  origins: originsSchema.default([]),
  timeZone: siteTimeZoneSchema.default('UTC'),
  rawEventsDays: rawEventsDaysSchema.default(DEFAULT_RAW_EVENTS_DAYS),
  responsesDays: responsesDaysSchema.default(null),
});
export type CreateSiteBody = z.input<typeof createSiteBodySchema>;

/** PATCH /v1/sites/:siteId: the members sent are changed, the others kept. */
export const updateSiteBodySchema = z
  .strictObject({
    name: siteNameSchema.optional(),
    timeZone: siteTimeZoneSchema.optional(),
    origins: originsSchema
      .optional()
      .meta({ description: 'Replaces the list of allowed origins (duplicates are dropped)' }),
    rawEventsDays: rawEventsDaysSchema.optional(),
    responsesDays: responsesDaysSchema.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'send name, timeZone, origins, rawEventsDays and/or responsesDays',
  });
export type UpdateSiteBody = z.input<typeof updateSiteBodySchema>;

/**
 * DELETE /v1/sites/:siteId: the site's name, typed again, so no site is deleted by a slip (or by a
 * request meant for another site).
 */
export const deleteSiteBodySchema = z.strictObject({
  confirmName: z.string().max(200).meta({ description: "The site's name exactly as stored (its current name)" }),
});
export type DeleteSiteBody = z.infer<typeof deleteSiteBodySchema>;

export const deleteSiteResultSchema = z.object({
  siteId: z.string(),
  rowsDeleted: z.number().int().meta({ description: 'Every row of the site removed, in every table' }),
});
export type DeleteSiteResult = z.infer<typeof deleteSiteResultSchema>;

export const siteSchema = z.object({
  siteId: z.string(),
  name: z.string(),
  origins: z.array(z.string()),
  publicKey: z.string(),
  timeZone: z.string().meta({ description: "The site's IANA time zone (default UTC)", example: 'Europe/Copenhagen' }),
  createdAt: z.string(),
  lastEventAt: z
    .string()
    .nullable()
    .meta({
      description:
        'When the server last stored an event sent with the public key (ISO 8601), or null before the first: ' +
        'the "is the script installed?" signal',
    }),
  rawEventsDays: z.number().int().meta({ description: 'Days raw events, sessions and page visits are kept' }),
  responsesDays: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'Days answers are kept, or null: kept until deleted' }),
});
export type Site = z.infer<typeof siteSchema>;

/** The secret key appears in exactly one answer: the one that created or rotated it. */
export const siteWithSecretSchema = siteSchema.extend({ secretKey: z.string() });
export type SiteWithSecret = z.infer<typeof siteWithSecretSchema>;

export const addOriginBodySchema = z.strictObject({ origin: originSchema });
