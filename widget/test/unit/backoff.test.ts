import { RETRY_AFTER_DEFAULT_MS, RETRY_BASE_MS, RETRY_JITTER, RETRY_MAX_MS } from '@loupe/shared/constants';
import { describe, expect, it } from 'vitest';
import { retryAfterMs, retryDelay } from '../../src/transport/backoff.js';

describe('retryDelay', () => {
  it('is 3 s × 2ⁿ with ± 25 % jitter', () => {
    expect(retryDelay(0, 0.5)).toBe(RETRY_BASE_MS);
    expect(retryDelay(0, 0)).toBe(RETRY_BASE_MS * (1 - RETRY_JITTER));
    expect(retryDelay(0, 1)).toBe(RETRY_BASE_MS * (1 + RETRY_JITTER));
    expect(retryDelay(3, 0.5)).toBe(RETRY_BASE_MS * 8);
  });
  it('is capped', () => {
    expect(retryDelay(30, 0.5)).toBe(RETRY_MAX_MS);
    expect(retryDelay(1000, 1)).toBe(RETRY_MAX_MS * (1 + RETRY_JITTER));
  });
});

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta-seconds', () => {
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('0', now)).toBe(0);
  });
  it('reads an HTTP date', () => {
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0); // in the past
  });
  it('falls back to 60 s when missing or junk', () => {
    expect(retryAfterMs(null, now)).toBe(RETRY_AFTER_DEFAULT_MS);
    expect(retryAfterMs('', now)).toBe(RETRY_AFTER_DEFAULT_MS);
    expect(retryAfterMs('soon', now)).toBe(RETRY_AFTER_DEFAULT_MS);
  });
});
