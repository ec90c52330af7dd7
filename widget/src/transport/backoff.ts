import { RETRY_AFTER_DEFAULT_MS, RETRY_BASE_MS, RETRY_JITTER, RETRY_MAX_MS } from '@loupe/shared/constants';

/** 3 s × 2ⁿ, capped, ± 25 % jitter so a recovering server isn't hit by every tab at once. */
export function retryDelay(attempt: number, random: number = Math.random()): number {
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** attempt) * (1 + RETRY_JITTER * (2 * random - 1));
}

/** `Retry-After` in delta-seconds or as an HTTP date (RFC 9110 §10.2.3); 60 s when absent or junk. */
export function retryAfterMs(header: string | null | undefined, now: number = Date.now()): number {
  const ms = header ? (Number.isNaN(+header) ? Date.parse(header) - now : +header * 1000) : NaN;
  return ms >= 0 ? ms : ms < 0 ? 0 : RETRY_AFTER_DEFAULT_MS;
}
