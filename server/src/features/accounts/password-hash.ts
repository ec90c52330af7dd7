import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { HashingGate } from './hashing-gate.js';

// scrypt from node:crypto at OWASP's recommended cost (N=2^17, r=8, p=1): no native dependency and
// no install script, on every supported Node (Argon2id is in node:crypto only from Node 24.7).
// Stored as a self-describing string, `scrypt$N$r$p$salt$hash` (base64url), so the cost can be
// raised later: a hash at an older cost still verifies, and is replaced at the next login.

const CURRENT = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** scrypt needs 128·N·r bytes (128 MiB here); Node's default cap is 32 MiB. */
const maxmemFor = (N: number, r: number) => 128 * N * r + 16 * 1024 * 1024;

/**
 * For an email that has no account: the same scrypt work as a real check, so the answer's timing
 * does not reveal which emails have accounts. Random per process; it matches no password.
 */
const DUMMY = { salt: randomBytes(SALT_BYTES), key: randomBytes(KEY_BYTES) };

/** Two at once: the machine's cores, and half of libuv's threads, so file I/O keeps going. */
const gate = new HashingGate(2, 64);

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: maxmemFor(N, r) };
  return gate.run(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))),
      ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, CURRENT.N, CURRENT.r, CURRENT.p);
  return ['scrypt', CURRENT.N, CURRENT.r, CURRENT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface Parsed {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): Parsed | undefined {
  const [scheme, N, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !N || !r || !p || !salt || !key) return undefined;
  const parsed = {
    N: Number(N),
    r: Number(r),
    p: Number(p),
    salt: Buffer.from(salt, 'base64url'),
    key: Buffer.from(key, 'base64url'),
  };
  // Never let a stored string ask for more work than today's cost allows (a tampered row).
  if (![parsed.N, parsed.r, parsed.p].every(Number.isSafeInteger) || parsed.N * parsed.r > CURRENT.N * CURRENT.r * 2)
    return undefined;
  return parsed;
}

/** Constant-time: the comparison of the derived key never depends on where it differs. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed || parsed.key.length !== KEY_BYTES) {
    // Spend the same work, so a broken row is not told apart by timing either.
    await derive(password, DUMMY.salt, CURRENT.N, CURRENT.r, CURRENT.p);
    return false;
  }
  const key = await derive(password, parsed.salt, parsed.N, parsed.r, parsed.p);
  return timingSafeEqual(key, parsed.key);
}

/** Whether a hash verified at login was made at an older cost and should be replaced. */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored);
  return !parsed || parsed.N !== CURRENT.N || parsed.r !== CURRENT.r || parsed.p !== CURRENT.p;
}

/** For an email without an account (see DUMMY). */
export async function verifyAgainstDummy(password: string): Promise<false> {
  const key = await derive(password, DUMMY.salt, CURRENT.N, CURRENT.r, CURRENT.p);
  timingSafeEqual(key, DUMMY.key);
  return false;
}
