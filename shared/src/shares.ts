import { z } from 'zod';
import { newPasswordSchema } from './auth.js';
import { MAX_ID_LENGTH } from './constants.js';

// Shared links: a read-only view of one site's overview and scores for people without an account.
// The link is `<server>/app/shared/<shareId>#key=<key>`: the key rides in the URL fragment, which
// browsers never send, so no server or proxy log sees it. The page posts it (and the password, if
// the link has one) to POST /v1/shares/:shareId/session and gets a cookie for that share alone,
// `loupe_share_<shareId>`; the read routes that a shared view may use take `?share=<shareId>` in
// place of `?site=`, answer GET only, and nothing else accepts the cookie.

/** A share's cookie is named after the share, so two open shares never overwrite each other. */
export const SHARE_COOKIE_PREFIX = 'loupe_share_';
/** A shared view's cookie ends this long after its last use (sliding), or when the link is revoked. */
export const SHARE_SESSION_TTL_MS = 24 * 60 * 60 * 1000;
export const MAX_SHARES_PER_SITE = 50;
export const MAX_SHARE_LABEL_LENGTH = 100;

export const shareIdSchema = z.string().min(1).max(MAX_ID_LENGTH).meta({ example: 'shr_Yc3m2PqR8sLx' });

export const shareSchema = z
  .object({
    shareId: shareIdSchema,
    siteId: z.string(),
    label: z.string().meta({ description: 'What the owner called the link (who it is for)' }),
    hasPassword: z.boolean(),
    createdAt: z.string(),
    lastUsedAt: z
      .string()
      .nullable()
      .meta({ description: 'When the link was last opened (a shared view session began)' }),
  })
  .meta({ id: 'Share' });
export type Share = z.infer<typeof shareSchema>;

export const shareListSchema = z.object({ shares: z.array(shareSchema) });
export type ShareList = z.infer<typeof shareListSchema>;

/** The key appears in exactly one answer, the one that created the link: only its hash is stored. */
export const shareWithKeySchema = shareSchema.extend({
  key: z.string().meta({ description: 'The secret part of the link (after #key=); shown only this once' }),
});
export type ShareWithKey = z.infer<typeof shareWithKeySchema>;

export const createShareBodySchema = z.strictObject({
  label: z.string().trim().min(1).max(MAX_SHARE_LABEL_LENGTH),
  password: newPasswordSchema.optional().meta({ description: 'Asked before the shared view opens; stored hashed' }),
});
export type CreateShareBody = z.input<typeof createShareBodySchema>;

export const openShareBodySchema = z.strictObject({
  key: z.string().min(1).max(200).meta({ description: 'From the link (#key=…)' }),
  password: z.string().min(1).max(256).optional().meta({ format: 'password' }),
});
export type OpenShareBody = z.infer<typeof openShareBodySchema>;

/** What a shared view shows about its site: its name and time zone, nothing else. */
export const sharedViewSchema = z.object({
  shareId: shareIdSchema,
  label: z.string(),
  site: z.object({ name: z.string(), timeZone: z.string() }),
});
export type SharedView = z.infer<typeof sharedViewSchema>;

/** `?share=<shareId>`: on the read routes a shared view may use, in place of `?site=`. */
// Not shareIdSchema: its `example` would be filled in by /docs' Try it out on every read.
export const shareQueryField = z.string().min(1).max(MAX_ID_LENGTH).meta({
  description:
    'A shared link opened in this browser (its cookie), e.g. shr_Yc3m2PqR8sLx: read-only access to that link\u2019s site',
});
