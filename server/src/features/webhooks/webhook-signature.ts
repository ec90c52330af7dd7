import { createHmac, randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';

/** A new signing secret: 32 random bytes, base64, after the `whsec_` prefix the spec's libraries strip. */
export function newSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/**
 * `v1,` + base64 HMAC-SHA256 of `id.timestamp.body`, keyed with the secret's bytes (Standard
 * Webhooks 1.0, "Signature scheme"). One per secret, space-separated: during a rotation both the
 * new and the previous secret sign, so a receiver holding either verifies.
 */
export function signatureHeader(secrets: readonly string[], msgId: string, timestampS: number, body: string): string {
  return secrets
    .map((secret) => {
      const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
      return `v1,${createHmac('sha256', key).update(`${msgId}.${timestampS}.${body}`).digest('base64')}`;
    })
    .join(' ');
}
