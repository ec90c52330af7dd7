import { SETUP_TOKEN_TTL_MS } from '@loupe/shared';
import { eq } from 'drizzle-orm';
import { IMMEDIATE } from '../../db/immediate.js';
import type { Db } from '../../db/open-database.js';
import { setupTokens } from '../../db/schema/index.js';
import { hashToken, newSessionToken } from './sessions-store.js';
import type { Queryable } from './users-store.js';

/**
 * A new one-time setup token, valid SETUP_TOKEN_TTL_MS. Any earlier one stops working: only the
 * link printed last opens the setup page.
 */
export function issueSetupToken(db: Db, now = Date.now()): { token: string; expiresAt: number } {
  const token = newSessionToken();
  const expiresAt = now + SETUP_TOKEN_TTL_MS;
  db.transaction((tx) => {
    tx.delete(setupTokens).run();
    tx.insert(setupTokens)
      .values({ tokenHash: hashToken(token), createdAt: now, expiresAt })
      .run();
  }, IMMEDIATE);
  return { token, expiresAt };
}

/** Whether the token is live (issued, unused, unexpired), without using it up. */
export function isSetupTokenLive(db: Queryable, token: string, now = Date.now()): boolean {
  const row = db
    .select()
    .from(setupTokens)
    .where(eq(setupTokens.tokenHash, hashToken(token)))
    .get();
  return row !== undefined && row.expiresAt > now;
}

/**
 * Uses the token up (and any other): single use. Call inside the transaction that creates the
 * owner, so a failure keeps the token. False when it was not live.
 */
export function consumeSetupToken(tx: Queryable, token: string, now = Date.now()): boolean {
  if (!isSetupTokenLive(tx, token, now)) return false;
  tx.delete(setupTokens).run();
  return true;
}
