import { z } from 'zod';
import { siteSchema } from './api.js';
import { MAX_ID_LENGTH } from './constants.js';

// Accounts and login sessions: the dashboard's people, as opposed to the sites' keys.
// POST /v1/auth/login, /v1/auth/logout, GET /v1/auth/me, GET and POST /v1/auth/setup.

/** The cookie that carries a login session. HttpOnly, SameSite=Lax, Path=/ (Secure over HTTPS). */
export const SESSION_COOKIE = 'loupe_session';
/** Sessions end this long after their last use (sliding expiry), or at logout. */
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
/** How long a one-time setup link (printed by the server while no user exists) stays valid. */
export const SETUP_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
/** The dashboard path of the setup page; the token travels in the fragment (`#token=…`). */
export const SETUP_PATH = '/app/setup';

export const PASSWORD_MIN_LENGTH = 10;
/** Bounded so a huge password cannot make hashing expensive; far beyond any passphrase. */
export const PASSWORD_MAX_LENGTH = 256;
export const MAX_EMAIL_LENGTH = 254;

export const USER_ROLES = ['owner', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/**
 * Compared case-insensitively: stored trimmed, NFC-normalised and lower-cased, so `Ann@Shop.example`
 * and `ann@shop.example` are one account.
 */
export const emailSchema = z
  .string()
  .trim()
  .max(MAX_EMAIL_LENGTH)
  .pipe(z.email({ message: 'must be an email address like ann@shop.example' }))
  .transform((e) => e.normalize('NFC').toLowerCase())
  .meta({ example: 'ann@shop.example', format: 'email' });

/**
 * A password being set: at least PASSWORD_MIN_LENGTH characters, not one repeated character, and
 * not one of the passwords every attacker tries first. (Login only bounds the length: the rules may
 * tighten later without locking anyone out.)
 */
export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`)
  .refine((p) => new Set(p).size > 1, { message: 'must not be one character repeated' })
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), {
    message: 'is one of the most common passwords; choose another',
  })
  .meta({ description: `${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters`, format: 'password' });

/** Long enough to pass the length rule and still guessed first (breach lists, keyboard walks). */
const COMMON_PASSWORDS = new Set([
  '1234567890',
  '12345678910',
  '123456789012',
  '0987654321',
  '1q2w3e4r5t',
  '1qaz2wsx3edc',
  'qwertyuiop',
  'qwertyuiop123',
  'asdfghjkl;',
  'password123',
  'password1234',
  'password12',
  'passw0rd123',
  'iloveyou123',
  'administrator',
  'letmein123',
  'welcome123',
  'changeme123',
  'qwerty12345',
  'qwerty123456',
  'abcdefghij',
  'abc1234567',
  'loupeloupe',
  'loupe12345',
]);

export const loginBodySchema = z.strictObject({
  email: z.string().max(MAX_EMAIL_LENGTH).meta({ example: 'ann@shop.example' }),
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH).meta({ format: 'password' }),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

export const userSchema = z
  .object({
    userId: z.string(),
    email: z.string(),
    role: z
      .enum(USER_ROLES)
      .meta({ description: 'owner: every site, may change things; viewer: granted sites, read-only' }),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof userSchema>;

export const meResponseSchema = z.object({
  user: userSchema,
  sites: z
    .array(siteSchema)
    .meta({ description: 'The sites this user may see: every site for owners, granted sites for viewers' }),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

export const setupStatusSchema = z.object({
  needed: z.boolean().meta({ description: 'true while no user exists: the first owner is still to be created' }),
});
export type SetupStatus = z.infer<typeof setupStatusSchema>;

export const setupBodySchema = z.strictObject({
  token: z.string().min(1).max(200).meta({ description: 'From the setup link the server printed (#token=…)' }),
  email: emailSchema,
  password: newPasswordSchema,
});
export type SetupBody = z.input<typeof setupBodySchema>;

/**
 * `?site=<siteId>`: with a session cookie, which site a site-scoped route reads or changes (required
 * then). With a secret key it may be left out; when given it must be the key's own site. No
 * `example`: /docs would fill it in, and every call made there with a secret key would fail.
 */
export const siteQueryField = z
  .string()
  .min(1)
  .max(MAX_ID_LENGTH)
  .meta({
    description:
      'With a session cookie: the site to read or change (required), e.g. site_3vQkZ0aX9yLm. With a secret key: ' +
      'leave it out (when given, it must be that key\u2019s site).',
  });
