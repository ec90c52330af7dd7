/**
 * Failed logins counted per account (the normalised email) and per client address, each in a fixed
 * window. While either has reached its limit, logins are refused before any password is hashed:
 * 429 with Retry-After until that window ends. Written here rather than with @fastify/rate-limit,
 * whose stores count every request and evict by LRU: this counts failures only, forgets an
 * account's failures when its password is given correctly, and never evicts a live counter (so no
 * stream of requests can reset another account's count; see `track`).
 *
 * Unknown emails are counted exactly like known ones, so a 429 says nothing about which emails have
 * accounts.
 */
export interface ThrottleLimits {
  maxFailures: number;
  windowMs: number;
}

interface Counter {
  failures: number;
  windowStart: number;
}

class FailureCounters {
  private readonly counters = new Map<string, Counter>();

  constructor(
    private readonly limits: ThrottleLimits,
    /** Live counters kept; beyond it, new keys share one overflow counter (see track). */
    private readonly capacity: number,
  ) {}

  /** Milliseconds until the key may try again; 0 when it may now. */
  retryAfterMs(key: string, now: number): number {
    const c = this.find(key, now);
    if (!c || c.failures < this.limits.maxFailures) return 0;
    return c.windowStart + this.limits.windowMs - now;
  }

  fail(key: string, now: number): void {
    (this.find(key, now) ?? this.track(key, now)).failures++;
  }

  forget(key: string): void {
    this.counters.delete(key);
  }

  /** The key's live counter; while the overflow counter is live, keys without their own share it. */
  private find(key: string, now: number): Counter | undefined {
    const own = this.counters.get(key);
    const c = own ?? this.counters.get(OVERFLOW);
    if (!c) return undefined;
    if (now - c.windowStart >= this.limits.windowMs) {
      this.counters.delete(own ? key : OVERFLOW);
      return undefined;
    }
    return c;
  }

  /**
   * A new counter. When the map is full, expired counters are swept; if every counter is still
   * live (a flood of distinct keys within one window), the key is counted in one shared overflow
   * counter instead of evicting anyone: strict for the flood, and no live counter is ever reset.
   */
  private track(key: string, now: number): Counter {
    if (this.counters.size >= this.capacity) {
      for (const [k, c] of this.counters) if (now - c.windowStart >= this.limits.windowMs) this.counters.delete(k);
    }
    const target = this.counters.size >= this.capacity ? OVERFLOW : key;
    const c = { failures: 0, windowStart: now };
    this.counters.set(target, c);
    return c;
  }
}

const OVERFLOW = '\u0000overflow';

export interface LoginThrottleOptions {
  perAccount: ThrottleLimits;
  perClient: ThrottleLimits;
  /** Live counters kept per kind (default 100,000: a few MB at most). */
  capacity?: number;
}

export class LoginThrottle {
  private readonly accounts: FailureCounters;
  private readonly clients: FailureCounters;

  constructor(options: LoginThrottleOptions) {
    const capacity = options.capacity ?? 100_000;
    this.accounts = new FailureCounters(options.perAccount, capacity);
    this.clients = new FailureCounters(options.perClient, capacity);
  }

  /** Seconds to wait before trying again (for Retry-After), or 0 when this attempt may proceed. */
  retryAfterSeconds(account: string | undefined, client: string, now = Date.now()): number {
    const ms = Math.max(
      account === undefined ? 0 : this.accounts.retryAfterMs(account, now),
      this.clients.retryAfterMs(client, now),
    );
    return ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : 0;
  }

  failed(account: string | undefined, client: string, now = Date.now()): void {
    if (account !== undefined) this.accounts.fail(account, now);
    this.clients.fail(client, now);
  }

  /** The right password: the account's failures are forgotten (the address's are not). */
  succeeded(account: string): void {
    this.accounts.forget(account);
  }
}
