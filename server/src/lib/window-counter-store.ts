import type { FastifyRateLimitOptions, FastifyRateLimitStore } from '@fastify/rate-limit';

interface Bucket {
  count: number;
  /** When this bucket's window ends (ms since epoch). */
  resetsAt: number;
}

type Result = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Result) => void;

/** The bucket of every client that finds the table full; it cannot collide with an IP or site key. */
export const OVERFLOW_KEY = '\u0000overflow';

/**
 * A @fastify/rate-limit store of fixed windows that never forgets a live bucket. The plugin's own
 * store is an LRU of 5,000: a stream of requests under new keys (new addresses, or once new site
 * keys) pushed a limited client's bucket out, and its next request started a fresh budget. No
 * setting of an LRU prevents that short of an unbounded one.
 *
 * Here a bucket lives until its window ends. Buckets are kept in a Map in the order their windows
 * began, which with one window length is the order they end, so expired ones are dropped from the
 * front in O(1) per request. When `capacity` live buckets exist, a client without one is counted
 * in a single shared overflow bucket: under a flood of new addresses, newcomers share one budget
 * until windows end, and every existing bucket keeps its count.
 */
export class WindowCounterStore implements FastifyRateLimitStore {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** For the plugin's `store` option, which wants a class it constructs itself. */
  static withCapacity(capacity: number, now: () => number = Date.now) {
    return class extends WindowCounterStore {
      constructor(_options: FastifyRateLimitOptions) {
        super(capacity, now);
      }
    };
  }

  /** Live buckets, the overflow bucket included (tests, /healthz-style reporting). */
  get size(): number {
    this.dropExpired(this.now());
    return this.buckets.size;
  }

  incr(key: string, callback: Callback, timeWindow: number): void {
    const now = this.now();
    this.dropExpired(now);
    let bucket = this.buckets.get(key);
    if (bucket === undefined && this.buckets.size >= this.capacity && key !== OVERFLOW_KEY) {
      this.incr(OVERFLOW_KEY, callback, timeWindow);
      return;
    }
    if (bucket === undefined || bucket.resetsAt <= now) {
      // Deleted and set again so the Map's order stays the order in which windows end.
      this.buckets.delete(key);
      bucket = { count: 0, resetsAt: now + timeWindow };
      this.buckets.set(key, bucket);
    }
    bucket.count += 1;
    callback(null, { current: bucket.count, ttl: bucket.resetsAt - now });
  }

  /** The plugin's non-counting peek (`{ increment: false }`). */
  read(key: string, callback: Callback): void {
    const now = this.now();
    const bucket =
      this.buckets.get(key) ?? (this.buckets.size >= this.capacity ? this.buckets.get(OVERFLOW_KEY) : undefined);
    const live = bucket !== undefined && bucket.resetsAt > now;
    callback(null, live ? { current: bucket.count, ttl: bucket.resetsAt - now } : { current: 0, ttl: 0 });
  }

  /** Per-route limits get a table of their own, as with the plugin's own store. */
  child(): FastifyRateLimitStore {
    return new WindowCounterStore(this.capacity, this.now);
  }

  private dropExpired(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.resetsAt > now) return;
      this.buckets.delete(key);
    }
  }
}
