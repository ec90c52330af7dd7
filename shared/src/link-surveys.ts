import { z } from 'zod';
import {
  LINK_CHANNELS,
  LINK_CONTEXT_FLAGS,
  MAX_COMMENT_LENGTH,
  MAX_CUSTOMER_ID_LENGTH,
  MAX_LINK_TOKEN_BYTES,
  MAX_LINK_TRAIT_KEY_LENGTH,
  MAX_LINK_TRAIT_VALUE_LENGTH,
  MAX_LINK_TRAITS,
  MAX_TOUCHPOINT_LENGTH,
  RESPONSE_CHANNELS,
} from './constants.js';

// Link surveys: a prompt answered on Loupe's hosted page `/s/<promptId>`, opened from an e-mail,
// a text message, a QR code or a public link. docs/link-surveys.md tells the whole story.

export const linkChannelSchema = z.enum(LINK_CHANNELS).meta({ description: 'Where the link was sent' });
export const responseChannelSchema = z
  .enum(RESPONSE_CHANNELS)
  .meta({ description: '`web`: the widget on the site; the others: the hosted page, by the link’s channel' });
export const linkContextFlagSchema = z
  .enum(LINK_CONTEXT_FLAGS)
  .meta({ description: 'Why the link’s signed context was dropped (the answer itself was kept)' });

const traitValue = z.union([z.string().max(MAX_LINK_TRAIT_VALUE_LENGTH), z.number().finite(), z.boolean()]);

/**
 * What the site's backend signs into a link's `t`: base64url(JSON of this) + "." +
 * base64url(HMAC-SHA256(link secret, the first part)).
 */
export const linkTokenPayloadSchema = z
  .object({
    site: z.string().min(1).max(64).meta({ description: 'The site id the token was signed for' }),
    prompt: z.string().min(1).max(64).optional().meta({ description: 'Only this prompt may use it' }),
    customer: z.string().min(1).max(MAX_CUSTOMER_ID_LENGTH).optional().meta({ description: 'Your customer id' }),
    touchpoint: z
      .string()
      .min(1)
      .max(MAX_TOUCHPOINT_LENGTH)
      .optional()
      .meta({ description: 'The moment measured, e.g. support, delivery' }),
    channel: linkChannelSchema.optional(),
    traits: z
      .record(z.string().min(1).max(MAX_LINK_TRAIT_KEY_LENGTH), traitValue)
      .refine((t) => Object.keys(t).length <= MAX_LINK_TRAITS, { message: `at most ${MAX_LINK_TRAITS} traits` })
      .optional(),
    exp: z.number().int().positive().meta({ description: 'Expiry, Unix time in seconds' }),
  })
  .meta({ id: 'LinkTokenPayload' });
export type LinkTokenPayload = z.infer<typeof linkTokenPayloadSchema>;

/** What the hosted page's script posts for each change of the answer. */
export const linkAnswerBodySchema = z
  .strictObject({
    t: z
      .string()
      .max(MAX_LINK_TOKEN_BYTES * 4)
      .optional()
      .meta({ description: 'The link’s token, as it came in the URL; one answer per token' }),
    answerId: z
      .uuid()
      .optional()
      .meta({ description: 'Without a token: the page’s own random id, so its later changes update one answer' }),
    score: z.number().int().meta({ description: 'On the prompt’s scale: NPS 0–10, CSAT 1–5, CES 1–7' }),
    comment: z.string().max(MAX_COMMENT_LENGTH).optional(),
    channel: z
      .enum(['qr', 'link'])
      .optional()
      .meta({ description: 'Without a valid token: the page’s `?c=` (a QR code’s link says qr)' }),
    language: z.string().max(35).optional().meta({ example: 'en' }),
  })
  .meta({
    id: 'LinkAnswer',
    example: {
      t: 'eyJzaXRlIjoic2l0ZV8xIiwiZXhwIjoxNzY3MjI1NjAwfQ.Xq0n…',
      score: 4,
      comment: 'Solved in one call',
      language: 'en',
    },
  });
export type LinkAnswerBody = z.infer<typeof linkAnswerBodySchema>;

export const linkAnswerResultSchema = z
  .object({
    responseId: z.string().meta({ description: 'The display id of the one response this link’s answers update' }),
    context: z.enum(['signed', 'none', ...LINK_CONTEXT_FLAGS]).meta({
      description: '`signed`: the token’s context is attached; `none`: no token; otherwise why it was dropped',
    }),
  })
  .meta({ id: 'LinkAnswerResult', example: { responseId: '6b1f3c2a-9d4e-8a1b-9c3d-2e4f5a6b7c8d', context: 'signed' } });
export type LinkAnswerResult = z.infer<typeof linkAnswerResultSchema>;

export const linkSecretSchema = z
  .object({
    secret: z.string().meta({ description: 'The HMAC-SHA256 key that signs this site’s link tokens' }),
    createdAt: z.iso.datetime(),
  })
  .meta({
    id: 'LinkSecret',
    example: { secret: 'lsec_k3J9…', createdAt: '2026-12-01T09:00:00.000Z' },
  });
export type LinkSecret = z.infer<typeof linkSecretSchema>;

export const promptLinksSchema = z
  .object({
    publicUrl: z.string().meta({ description: 'The unsigned link: public pages, QR codes' }),
    qrUrl: z.string().meta({ description: 'The unsigned link for a QR code: its answers have channel `qr`' }),
    scale: z.array(z.object({ score: z.number().int(), url: z.string(), label: z.string().optional() })),
    html: z.string().meta({ description: 'An e-mail snippet: the question and one link per score' }),
    text: z.string().meta({ description: 'The same for plain-text mail' }),
    tokenPlaceholder: z
      .string()
      .nullable()
      .meta({ description: 'Without ?t=: the text in every link to replace with each recipient’s token' }),
  })
  .meta({
    id: 'PromptLinks',
    example: {
      publicUrl: 'https://loupe.example.com/s/pr_8Jk2mQ0aZ1xYb3Cd',
      qrUrl: 'https://loupe.example.com/s/pr_8Jk2mQ0aZ1xYb3Cd?c=qr',
      scale: [
        {
          score: 1,
          url: 'https://loupe.example.com/s/pr_8Jk2mQ0aZ1xYb3Cd?score=1&t={{LOUPE_TOKEN}}',
          label: 'Very dissatisfied',
        },
        { score: 2, url: 'https://loupe.example.com/s/pr_8Jk2mQ0aZ1xYb3Cd?score=2&t={{LOUPE_TOKEN}}' },
      ],
      html: '<table role="presentation">…</table>',
      text: 'How did we do?\n\n1 (Very dissatisfied): https://loupe.example.com/s/pr_8Jk2mQ0aZ1xYb3Cd?score=1&t={{LOUPE_TOKEN}}\n…',
      tokenPlaceholder: '{{LOUPE_TOKEN}}',
    },
  });
export type PromptLinks = z.infer<typeof promptLinksSchema>;
