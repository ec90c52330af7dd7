import { ERROR_BUCKET_CAPACITY, ERROR_BUCKET_REFILL_MS, MAX_SAME_ERROR_PER_PAGEVIEW } from '@loupe/shared/constants';

/**
 * An error loop must not flood the visitor's network or the site's quota: drop an error
 * identical to the previous one, keep ≤ 5 of one message per page view, and give each error
 * type a token bucket of 10 refilled one per 10 s (Sentry, PostHog, Clarity).
 */
export function createFloodControl(now: () => number = () => performance.now()) {
  let previous = '';
  let perMessage: Record<string, number> = {};
  const buckets: Record<string, { _tokens: number; _t: number }> = {};
  return {
    /** `where` tells identical errors apart from same-message ones (e.g. the top frame). */
    _allow(type: string, message: string, where: string): boolean {
      const id = `${type}\n${message}`;
      if (id + where === previous) return false;
      previous = id + where;
      perMessage[id] = (perMessage[id] || 0) + 1;
      if (perMessage[id] > MAX_SAME_ERROR_PER_PAGEVIEW) return false;
      const t = now();
      const bucket = buckets[type] || { _tokens: ERROR_BUCKET_CAPACITY, _t: t };
      buckets[type] = bucket;
      bucket._tokens = Math.min(ERROR_BUCKET_CAPACITY, bucket._tokens + (t - bucket._t) / ERROR_BUCKET_REFILL_MS);
      bucket._t = t;
      if (bucket._tokens < 1) return false;
      bucket._tokens--;
      return true;
    },
    /** A new page view starts new per-page counts (the buckets keep their level). */
    _reset(): void {
      previous = '';
      perMessage = {};
    },
  };
}
