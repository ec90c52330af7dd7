import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  type LinkTokenPayload,
  linkTokenPayloadSchema,
  MAX_LINK_TOKEN_BYTES,
  type LINK_CONTEXT_FLAGS,
} from '@loupe/shared';

/** Why a token's context was dropped; the answer that came with it is kept all the same. */
export type LinkContextFlag = (typeof LINK_CONTEXT_FLAGS)[number];

export type LinkTokenCheck = { ok: true; payload: LinkTokenPayload } | { ok: false; flag: LinkContextFlag };

export interface LinkTokenExpectation {
  siteId: string;
  promptId: string;
  /** The site's link secrets that verify: the current one, and the previous one during its grace period. */
  secrets: readonly string[];
  /** Unix seconds. */
  now: number;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The token format, as docs/link-surveys.md's example writes it: `base64url(JSON).base64url(HMAC-SHA256)`. */
export function signLinkToken(payload: LinkTokenPayload, secret: string): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

const signatureMatches = (body: string, signature: string, secret: string): boolean => {
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(signature, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
};

/**
 * Reads a link's `t`. The checks run from the cheapest to the one that needs the secret, and the
 * first that fails names the flag: `oversize` (over 2 KB, not read at all), `malformed` (not two
 * base64url parts, not JSON, or fields out of bounds), `wrong_site` (signed for another site, by
 * its own `site`), `tampered` (the signature does not match this site's secret), `expired`,
 * `wrong_prompt` (signed for another prompt). The signature is checked before the payload's
 * fields are trusted, so a forged payload never reaches `expired` or `wrong_prompt`.
 */
export function checkLinkToken(token: string, expect: LinkTokenExpectation): LinkTokenCheck {
  if (Buffer.byteLength(token) > MAX_LINK_TOKEN_BYTES) return { ok: false, flag: 'oversize' };
  const parts = token.split('.');
  const [body, signature] = parts;
  if (parts.length !== 2 || !body || !signature || !BASE64URL.test(body) || !BASE64URL.test(signature))
    return { ok: false, flag: 'malformed' };
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, flag: 'malformed' };
  }
  const site = (raw as { site?: unknown } | null)?.site;
  if (typeof site === 'string' && site !== expect.siteId) return { ok: false, flag: 'wrong_site' };
  if (!expect.secrets.some((secret) => signatureMatches(body, signature, secret)))
    return { ok: false, flag: 'tampered' };
  const parsed = linkTokenPayloadSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, flag: 'malformed' };
  if (parsed.data.exp <= expect.now) return { ok: false, flag: 'expired' };
  if (parsed.data.prompt !== undefined && parsed.data.prompt !== expect.promptId)
    return { ok: false, flag: 'wrong_prompt' };
  return { ok: true, payload: parsed.data };
}
