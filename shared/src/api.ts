import { z } from 'zod';
import {
  MAX_EVENTS_PER_BATCH,
  MAX_KEY_LENGTH,
  MAX_URL_LENGTH,
  PUBLIC_KEY_PREFIX,
} from './constants.js';
import { ERROR_CODES } from './errors.js';
import { timeZoneSchema } from './read-query.js';

/**
 * The batch envelope. Events stay `unknown` here on purpose: each one is validated on its own,
 * so one bad event is rejected with its index while the valid ones are stored.
 */
export const collectBodySchema = z.strictObject({
  key: z.string().startsWith(PUBLIC_KEY_PREFIX).max(MAX_KEY_LENGTH),
  events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_BATCH),
  /** Client clock at send time, so the server can correct skewed event timestamps. */
  sentAt: z.number().int().nonnegative().optional(),
});
export type CollectBody = z.infer<typeof collectBodySchema>;

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

const siteNameSchema = z.string().trim().min(1).max(200);
const siteTimeZoneSchema = timeZoneSchema.meta({
  description: "The site's IANA time zone: the dashboard's default for dates and day/week/month buckets",
  example: 'Europe/Copenhagen',
});

export const createSiteBodySchema = z.strictObject({
  name: siteNameSchema,
  origins: z.array(originSchema).max(100).default([]),
  timeZone: siteTimeZoneSchema.default('UTC'),
});
export type CreateSiteBody = z.input<typeof createSiteBodySchema>;

/** PATCH /v1/sites/:siteId: the members sent are changed, the others kept. */
export const updateSiteBodySchema = z
  .strictObject({ name: siteNameSchema.optional(), timeZone: siteTimeZoneSchema.optional() })
  .refine((b) => b.name !== undefined || b.timeZone !== undefined, { message: 'send name and/or timeZone' });
export type UpdateSiteBody = z.input<typeof updateSiteBodySchema>;

export const siteSchema = z.object({
  siteId: z.string(),
  name: z.string(),
  origins: z.array(z.string()),
  publicKey: z.string(),
  timeZone: z.string().meta({ description: "The site's IANA time zone (default UTC)", example: 'Europe/Copenhagen' }),
  createdAt: z.string(),
});
export type Site = z.infer<typeof siteSchema>;

/** The secret key appears in exactly one answer: the one that created or rotated it. */
export const siteWithSecretSchema = siteSchema.extend({ secretKey: z.string() });
export type SiteWithSecret = z.infer<typeof siteWithSecretSchema>;

export const addOriginBodySchema = z.strictObject({ origin: originSchema });
