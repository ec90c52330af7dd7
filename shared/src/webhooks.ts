import { z } from 'zod';
import { limitSchema } from './read-query.js';

/** The events an endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = ['response.created', 'response.updated', 'error.new'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** The type of the message `POST /v1/webhooks/:id/test` sends; not subscribable. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

export const WEBHOOK_KINDS = ['standard', 'slack'] as const;
export const WEBHOOK_DISABLED_REASONS = ['manual', 'gone', 'failing'] as const;
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
/** Endpoints per site: enough for every real team, small enough that fan-out stays cheap. */
export const MAX_WEBHOOKS_PER_SITE = 20;
export const MAX_WEBHOOK_URL_LENGTH = 2048;

const webhookUrlSchema = z
  .string()
  .max(MAX_WEBHOOK_URL_LENGTH)
  .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), {
    message: 'must be an absolute http(s) URL',
  })
  .refine((u) => !URL.canParse(u) || (new URL(u).username === '' && new URL(u).password === ''), {
    message: 'must not carry a user name or password',
  })
  .meta({
    description: 'Where deliveries are POSTed (http or https; no credentials in the URL)',
    example: 'https://hooks.example.com/loupe',
  });

const eventsSchema = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .refine((a) => new Set(a).size === a.length, { message: 'must not repeat an event type' })
  .meta({ description: 'The event types this endpoint receives' });

export const webhookCreateSchema = z
  .strictObject({
    url: webhookUrlSchema,
    events: eventsSchema.default([...WEBHOOK_EVENT_TYPES]),
    kind: z.enum(WEBHOOK_KINDS).default('standard').meta({
      description: 'standard: Standard Webhooks JSON, signed; slack: a message for a Slack incoming webhook URL',
    }),
  })
  .meta({ example: { url: 'https://hooks.example.com/loupe', events: ['response.created'], kind: 'standard' } });
export type WebhookCreate = z.input<typeof webhookCreateSchema>;

export const webhookPatchSchema = z
  .strictObject({
    url: webhookUrlSchema.optional(),
    events: eventsSchema.optional(),
    kind: z.enum(WEBHOOK_KINDS).optional(),
    enabled: z
      .boolean()
      .optional()
      .meta({ description: 'false pauses deliveries (kept, not sent); true resumes them' }),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), {
    message: 'send at least one of url, events, kind, enabled',
  });
export type WebhookPatch = z.infer<typeof webhookPatchSchema>;

export const webhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    kind: z.enum(WEBHOOK_KINDS),
    events: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
    enabled: z.boolean(),
    disabledReason: z.enum(WEBHOOK_DISABLED_REASONS).nullable().meta({
      description: 'manual (PATCH), gone (the receiver answered 410), failing (every attempt failed for 5 days)',
    }),
    disabledAt: z.string().nullable(),
    failingSince: z.string().nullable().meta({ description: 'The first failure since the last success' }),
    previousSecretExpiresAt: z
      .string()
      .nullable()
      .meta({ description: 'After a rotation: until when the old secret signs too' }),
    pendingDeliveries: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Webhook' });
export type Webhook = z.infer<typeof webhookSchema>;

export const webhookWithSecretSchema = webhookSchema
  .extend({ secret: z.string().meta({ description: 'The signing secret (whsec_…), shown only in this answer' }) })
  .meta({ id: 'WebhookWithSecret' });
export type WebhookWithSecret = z.infer<typeof webhookWithSecretSchema>;

export const webhookListSchema = z.object({ webhooks: z.array(webhookSchema) });

export const webhookIdParamsSchema = z.object({ webhookId: z.string().min(1).max(64) });
export const webhookDeliveryParamsSchema = z.object({
  webhookId: z.string().min(1).max(64),
  deliveryId: z.string().min(1).max(64),
});

export const webhookAttemptSchema = z.object({
  attempt: z.number().int(),
  at: z.string(),
  statusCode: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'null when no HTTP answer came (refused address, timeout, connection error)' }),
  durationMs: z.number().int(),
  error: z.string().nullable(),
  responseExcerpt: z
    .string()
    .nullable()
    .meta({ description: "The start of the receiver's answer (at most 1,000 characters)" }),
});

export const webhookDeliverySchema = z
  .object({
    id: z.string(),
    messageId: z.string().meta({ description: 'The webhook-id header: the same on every attempt and replay' }),
    eventType: z.string(),
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.number().int(),
    createdAt: z.string(),
    nextAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    log: z.array(webhookAttemptSchema).meta({ description: 'Every attempt, oldest first' }),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveriesQuerySchema = z.strictObject({
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  limit: limitSchema(50, 200),
  cursor: z.string().max(40).optional().meta({ description: 'nextCursor of the previous page' }),
});

export const webhookDeliveriesPageSchema = z.object({
  deliveries: z.array(webhookDeliverySchema).meta({ description: 'Newest first' }),
  nextCursor: z.string().nullable(),
});
export type WebhookDeliveriesPage = z.infer<typeof webhookDeliveriesPageSchema>;
