import { newPasswordSchema } from '@loupe/shared';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/errors/api-error.js';
import { HashingGate } from '../src/features/accounts/hashing-gate.js';
import { LoginThrottle } from '../src/features/accounts/login-throttle.js';
import {
  hashPassword,
  needsRehash,
  verifyAgainstDummy,
  verifyPassword,
} from '../src/features/accounts/password-hash.js';

describe('password hashing', { timeout: 20_000 }, () => {
  it('is salted scrypt at N=2^17, r=8, p=1 and verifies only the right password', async () => {
    const [a, b] = await Promise.all([hashPassword('correct horse battery'), hashPassword('correct horse battery')]);
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b); // a fresh salt each time
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
    expect(needsRehash(a)).toBe(false);
  });

  it('treats a hash at an older cost as valid but due for a rehash, and a broken one as no match', async () => {
    expect(needsRehash('scrypt$16384$8$1$c2FsdHNhbHRzYWx0c2FsdA$AAAA')).toBe(true);
    expect(await verifyPassword('x', 'md5$whatever')).toBe(false);
    // A tampered row may not ask for more work than the current cost.
    expect(await verifyPassword('x', `scrypt$${2 ** 24}$8$1$c2FsdA$${'A'.repeat(43)}`)).toBe(false);
    expect(await verifyAgainstDummy('anything')).toBe(false);
  });

  it('normalises Unicode, so a password typed in either form verifies', async () => {
    const hash = await hashPassword('Ca\u0301fe\u0301 au lait!'); // decomposed
    expect(await verifyPassword('C\u00e1f\u00e9 au lait!', hash)).toBe(true); // composed
  });
});

describe('new password rules', () => {
  it.each([
    ['short', false],
    ['x'.repeat(257), false],
    ['aaaaaaaaaaaa', false],
    ['Password123', false],
    ['qwertyuiop', false],
    ['a long enough passphrase', true],
    ['x'.repeat(256), false],
    ['ǅ7€ßþ→ñ漢字🙂x', true],
  ])('%j acceptable: %s', (password, ok) => {
    expect(newPasswordSchema.safeParse(password).success).toBe(ok);
  });
});

describe('LoginThrottle', () => {
  const limits = { perAccount: { maxFailures: 2, windowMs: 1000 }, perClient: { maxFailures: 100, windowMs: 1000 } };

  it('never evicts a live counter: a flood of new accounts shares one overflow counter instead', () => {
    const throttle = new LoginThrottle({ ...limits, capacity: 3 });
    throttle.failed('victim', 'ip1', 0);
    throttle.failed('victim', 'ip1', 0);
    for (let i = 0; i < 1000; i++) throttle.failed(`random${i}`, 'ip2', 1);
    expect(throttle.retryAfterSeconds('victim', 'ip3', 2)).toBe(1); // still blocked
    // The flood's own new keys are throttled together.
    expect(throttle.retryAfterSeconds('random999', 'ip3', 2)).toBeGreaterThan(0);
    // Once the window has passed, everything starts over.
    expect(throttle.retryAfterSeconds('victim', 'ip3', 1001)).toBe(0);
    expect(throttle.retryAfterSeconds('fresh', 'ip3', 1002)).toBe(0);
  });
});

describe('HashingGate', () => {
  it('runs at most `concurrency` at once, queues a bounded number, and refuses the rest with 503 + Retry-After', async () => {
    const gate = new HashingGate(2, 3);
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const work = () =>
      gate.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => releases.push(r));
        running--;
      });
    const accepted = Array.from({ length: 5 }, work); // 2 running + 3 waiting
    const refused = await work().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ statusCode: 503, code: 'overloaded', headers: { 'retry-after': '1' } });
    // Let everything finish, one at a time, and check the bound held throughout.
    while (releases.length || running) {
      await new Promise((r) => setImmediate(r));
      releases.shift()?.();
    }
    await Promise.all(accepted);
    expect(peak).toBe(2);
    await gate.run(async () => undefined); // the slots were all given back
  });
});
