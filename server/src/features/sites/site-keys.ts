import { createHash, randomBytes } from 'node:crypto';
import { PUBLIC_KEY_PREFIX, SECRET_KEY_PREFIX } from '@loupe/shared/constants';

/** 144 bits for the public key (it is public anyway), 256 bits for the secret. URL-safe base64. */
export const newPublicKey = (): string => PUBLIC_KEY_PREFIX + randomBytes(18).toString('base64url');
export const newSecretKey = (): string => SECRET_KEY_PREFIX + randomBytes(32).toString('base64url');
export const newSiteId = (): string => `site_${randomBytes(9).toString('base64url')}`;

/**
 * Secret keys carry 256 random bits, so a fast unsalted hash is enough: there is nothing to
 * brute-force, and lookups by hash stay a single indexed read.
 */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');
