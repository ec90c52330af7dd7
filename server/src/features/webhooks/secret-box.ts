import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Signing secrets at rest. The server has to sign with a webhook's secret, so it cannot keep only a
 * hash (as it does for site keys); it keeps the secret encrypted with AES-256-GCM under the
 * instance's key. A copy of the database alone (a backup, a stolen file) then yields no secret.
 * The key is LOUPE_ENCRYPTION_KEY, or else a key file generated next to the database on first
 * use (readable by its owner only), or for an in-memory database a key that lives as long as it.
 */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

const VERSION = 'v1';

export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the encryption key must be 32 bytes');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
    },
    open(sealed) {
      const [version, iv, tag, ct] = sealed.split(':');
      if (version !== VERSION || iv === undefined || tag === undefined || ct === undefined)
        throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('cannot decrypt a webhook signing secret: was LOUPE_ENCRYPTION_KEY (or the key file) changed?');
      }
    },
  };
}

export function keyFilePath(dbPath: string): string | undefined {
  return dbPath === ':memory:' ? undefined : path.join(path.dirname(dbPath), 'encryption.key');
}

/** The instance's key: configured, else the key file (created once, 0600, never overwritten). */
export function loadEncryptionKey(configured: Buffer | undefined, dbPath: string): Buffer {
  if (configured !== undefined) return configured;
  const file = keyFilePath(dbPath);
  if (file === undefined) return randomBytes(32);
  const fix = 'set LOUPE_ENCRYPTION_KEY (openssl rand -base64 32) or let the server write next to its database';
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new Error(`cannot create the key file ${file} (${(err as Error).message}): ${fix}`);
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key: restore it, or ${fix}`);
  return key;
}
