import { z } from 'zod';
import { MAX_ID_LENGTH } from './constants.js';
import { limitSchema } from './read-query.js';

// GET /v1/audit: the record of every deletion (who, what, when, how many rows), which holds no
// deleted content. docs/privacy.md says what each entry keeps and why.

/** What was done. */
export const AUDIT_ACTIONS = [
  /** A site and all its data (`DELETE /v1/sites/:siteId`). */
  'site.delete',
  /** Everything stored about one visitor (`DELETE /v1/visitors/:visitorId`). */
  'visitor.erase',
  /** Everything stored about one session (`DELETE /v1/sessions/:sessionId`). */
  'session.erase',
  /** Everything stored about one identified customer (`DELETE /v1/customers/:customerId`). */
  'customer.erase',
  /** One allowed origin removed from a site. */
  'origin.remove',
  /** Rows past a site's retention windows, deleted by the daily job. */
  'retention.purge',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did it: a dashboard user (their id), the admin token, a site's secret key, or the retention job. */
export const AUDIT_ACTOR_KINDS = ['user', 'admin token', 'secret key', 'retention job'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

/** The kind of thing it was done to. */
export const AUDIT_TARGET_KINDS = ['site', 'visitor', 'session', 'customer', 'origin'] as const;
export type AuditTargetKind = (typeof AUDIT_TARGET_KINDS)[number];

export const auditEntrySchema = z
  .object({
    id: z.string().meta({ description: 'The entry’s number (newest first); pass the last one as ?cursor=' }),
    at: z.string().meta({ description: 'When it was done (ISO 8601, UTC)' }),
    siteId: z.string().nullable().meta({ description: 'The site it concerned (kept after the site is deleted)' }),
    actor: z.object({
      kind: z.enum(AUDIT_ACTOR_KINDS),
      userId: z.string().nullable().meta({ description: "The dashboard user's id when kind is user" }),
    }),
    action: z.enum(AUDIT_ACTIONS),
    target: z.object({
      kind: z.enum(AUDIT_TARGET_KINDS),
      ref: z
        .string()
        .nullable()
        .meta({
          description:
            'A non-personal reference: the site id, the origin, or for a visitor or session a keyed hash of its id ' +
            '(the id itself is never kept; the same id on the same instance always gives the same hash)',
        }),
    }),
    rows: z
      .record(z.string(), z.number().int())
      .meta({ description: 'Rows deleted per table (tables with none are left out)' }),
    totalRows: z.number().int(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = z.strictObject({
  siteId: z
    .string()
    .min(1)
    .max(MAX_ID_LENGTH)
    .optional()
    .meta({ description: 'Only the entries of this site (a deleted site’s id works too)' }),
  limit: limitSchema(50, 200).meta({ description: 'Page size (1–200)' }),
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, 'must be the nextCursor of a previous page')
    .optional()
    .meta({ description: 'nextCursor of the previous page' }),
});
export type AuditQuery = z.input<typeof auditQuerySchema>;

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  nextCursor: z.string().nullable().meta({ description: 'Pass as ?cursor= for the next page; null on the last page' }),
});
export type AuditPage = z.infer<typeof auditPageSchema>;
