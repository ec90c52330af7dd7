import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open-database.js';
import { linkSecrets } from '../../db/schema/index.js';
import type { SecretBox } from '../webhooks/secret-box.js';

/** How long the previous secret still verifies after a rotation: links already sent keep their context. */
export const PREVIOUS_LINK_SECRET_GRACE_MS = 7 * 24 * 3600 * 1000;

export interface LinkSecretRow {
  secret: string;
  createdAt: number;
}

const newSecret = () => `lsec_${randomBytes(32).toString('base64url')}`;

/** The site's current link secret, created on first use. */
export function linkSecretOf(db: Db, box: SecretBox, siteId: string, now = Date.now()): LinkSecretRow {
  const row = db.select().from(linkSecrets).where(eq(linkSecrets.siteId, siteId)).get();
  if (row) return { secret: box.open(row.secret), createdAt: row.createdAt };
  const secret = newSecret();
  db.insert(linkSecrets)
    .values({ siteId, secret: box.seal(secret), createdAt: now })
    .onConflictDoNothing()
    .run();
  // Another request may have created it first: the stored one wins.
  return linkSecretOf(db, box, siteId, now);
}

/** A new secret; the old one keeps verifying for PREVIOUS_LINK_SECRET_GRACE_MS. */
export function rotateLinkSecret(db: Db, box: SecretBox, siteId: string, now = Date.now()): LinkSecretRow {
  return db.transaction((tx) => {
    const old = tx.select().from(linkSecrets).where(eq(linkSecrets.siteId, siteId)).get();
    const secret = newSecret();
    const values = {
      secret: box.seal(secret),
      createdAt: now,
      previousSecret: old?.secret ?? null,
      previousUntil: old ? now + PREVIOUS_LINK_SECRET_GRACE_MS : null,
    };
    tx.insert(linkSecrets)
      .values({ siteId, ...values })
      .onConflictDoUpdate({ target: linkSecrets.siteId, set: values })
      .run();
    return { secret, createdAt: now };
  });
}

/** Every secret that verifies a token now (none before the site's first secret exists). */
export function verifyingLinkSecrets(db: Db, box: SecretBox, siteId: string, now = Date.now()): string[] {
  const row = db.select().from(linkSecrets).where(eq(linkSecrets.siteId, siteId)).get();
  if (!row) return [];
  const out = [box.open(row.secret)];
  if (row.previousSecret && (row.previousUntil ?? 0) > now) {
    try {
      out.push(box.open(row.previousSecret));
    } catch {
      // Sealed under a key since replaced: rotating again is how to recover, as for webhooks.
    }
  }
  return out;
}
