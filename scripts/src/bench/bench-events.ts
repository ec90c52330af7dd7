import { randomBytes, randomUUID } from 'node:crypto';
import type { LoupeEventInput } from '@loupe/shared';

// A realistic batch as the widget sends it: one visitor's page view with engagement, clicks (one
// of them a rage click), vitals, a custom event, and now and then a prompt answer or a JS error.
// Every event gets a fresh id so the database does real inserts, never duplicate short-cuts.

export const EVENTS_PER_BATCH = 10;

/** The event id formats compared: v4 is what the widget sends today (crypto.randomUUID). */
export type IdFormat = 'v4' | 'v7';
export const ID_FORMATS: readonly IdFormat[] = ['v4', 'v7'];

/**
 * Random bytes drawn from a pool refilled 64 KiB at a time, as Node's randomUUID does: one
 * randomBytes(16) call per id made the load generator, which shares the 2 cores with the server,
 * spend more on v7 ids than on v4 ones, and lowered the v7 runs' empty-route baseline.
 */
const POOL_BYTES = 65_536;
let pool = randomBytes(POOL_BYTES);
let used = 0;
function random16(): Buffer {
  if (used + 16 > POOL_BYTES) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  used += 16;
  return pool.subarray(used - 16, used);
}

/**
 * RFC 9562 UUIDv7: 48 bits of Unix milliseconds, then random bits. Ids of one moment share a
 * prefix, so the (site_id, id) primary key grows at its right edge instead of dirtying a random
 * index page per row.
 */
export function uuidv7(now = Date.now()): string {
  const b = random16();
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const newId = (format: IdFormat, now: number) => (format === 'v7' ? uuidv7(now) : randomUUID());
const PATHS = Array.from({ length: 20 }, (_, i) => `/products/item-${i}`);
const SESSIONS = 1000;
let n = 0;

export function benchEvents(now = Date.now(), ids: IdFormat = 'v4'): LoupeEventInput[] {
  n += 1;
  const path = PATHS[n % PATHS.length]!;
  const common = () => ({
    id: newId(ids, now),
    ts: now,
    sessionId: `bench-session-${n % SESSIONS}`,
    visitorId: `bench-visitor-${n % SESSIONS}`,
    url: `https://shop.example${path}?utm_source=newsletter`,
    path,
    language: 'en-US',
  });
  const clickAt = (kind: 'click' | 'rage', selector: string) =>
    ({
      ...common(),
      type: 'click',
      kind,
      selector,
      tag: 'button',
      text: 'Add to cart',
      x: 320,
      y: 480,
      ...(kind === 'rage' ? { count: 4 } : {}),
    }) as const;
  const events: LoupeEventInput[] = [
    { ...common(), type: 'pageview', nav: 'push', title: 'Product', viewport: { w: 390, h: 844 } },
    { ...common(), type: 'engagement', engagedMs: 12_000, scrollDepth: 64 },
    clickAt('click', '#add-to-cart'),
    clickAt('click', '[data-testid="gallery-next"]'),
    clickAt('rage', '#apply-coupon'),
    { ...common(), type: 'vital', name: 'LCP', value: 1800 + (n % 900), rating: 'good', navigationType: 'navigate' },
    { ...common(), type: 'vital', name: 'CLS', value: (n % 30) / 100, rating: 'good' },
    { ...common(), type: 'track', name: 'add_to_cart', props: { sku: `SKU-${n % 50}`, price: 19.9 } },
    { ...common(), type: 'prompt_shown', promptId: 'nps-main', displayId: newId(ids, now) },
    n % 10 === 0
      ? {
          ...common(),
          type: 'response',
          promptId: 'nps-main',
          displayId: newId(ids, now),
          kind: 'nps',
          score: n % 11,
          comment: 'Checkout was slow',
        }
      : {
          ...common(),
          type: 'error',
          source: 'error',
          errorType: 'TypeError',
          message: `Cannot read properties of undefined (reading 'price')`,
          frames: [{ fn: 'renderPrice', file: 'https://shop.example/assets/app.3f2a1b9c.js', line: 1, col: 4242 }],
        },
  ];
  return events;
}

export function benchBody(key: string, ids: IdFormat = 'v4'): string {
  const now = Date.now();
  return JSON.stringify({ key, events: benchEvents(now, ids), sentAt: now });
}

/**
 * `size` events, as the widget sends them: a window of the mix above (a batch that opens with a
 * page view, or one made later in the page's life: clicks, vitals, the engagement on leaving).
 */
export function benchBatch(size: number, ids: IdFormat = 'v4', now = Date.now()): LoupeEventInput[] {
  const events: LoupeEventInput[] = [];
  let pool = benchEvents(now, ids);
  let at = n % pool.length;
  while (events.length < size) {
    if (at >= pool.length) {
      pool = benchEvents(now, ids);
      at = 0;
    }
    events.push(pool[at++]!);
  }
  return events;
}

/** A body of `size` events (benchBatch). */
export function benchBatchBody(key: string, size: number, ids: IdFormat = 'v4'): string {
  const now = Date.now();
  return JSON.stringify({ key, events: benchBatch(size, ids, now), sentAt: now });
}
