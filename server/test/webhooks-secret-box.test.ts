import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyFilePath, loadEncryptionKey, secretBox } from '../src/features/webhooks/secret-box.js';

// Signing secrets at rest: sealed with AES-256-GCM under the instance's key (docs/webhooks.md).

const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('secret box', () => {
  it('seals so that only the same key opens, and never the same text twice', () => {
    const box = secretBox(Buffer.alloc(32, 1));
    const a = box.seal('whsec_abc');
    expect(a).not.toContain('abc');
    expect(box.seal('whsec_abc')).not.toBe(a);
    expect(box.open(a)).toBe('whsec_abc');
    expect(() => secretBox(Buffer.alloc(32, 2)).open(a)).toThrow(/LOUPE_ENCRYPTION_KEY/);
    const [v, iv, tag, ct] = a.split(':');
    const flipped = Buffer.from(ct!, 'base64');
    flipped[0]! ^= 1;
    expect(() => box.open([v, iv, tag, flipped.toString('base64')].join(':'))).toThrow();
    expect(() => secretBox(Buffer.alloc(16))).toThrow(/32 bytes/);
  });

  it('creates the key file once, readable by its owner only, and reads it on every later start', () => {
    const db = path.join(dir, 'loupe.db');
    const first = loadEncryptionKey(undefined, db);
    const file = keyFilePath(db)!;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadEncryptionKey(undefined, db)).toEqual(first);
    // A configured key wins over the file.
    expect(loadEncryptionKey(Buffer.alloc(32, 9), db)).toEqual(Buffer.alloc(32, 9));
    writeFileSync(file, 'not a key\n');
    expect(() => loadEncryptionKey(undefined, db)).toThrow(/does not hold a 32-byte base64 key/);
    expect(keyFilePath(':memory:')).toBeUndefined();
    expect(loadEncryptionKey(undefined, ':memory:')).toHaveLength(32);
  });
});
