import { randomUUID } from 'node:crypto';
import type { LoupeEventInput } from '@loupe/shared';

// A realistic batch as the widget sends it: one visitor's page view with engagement, clicks (one
// of them a rage click), vitals, a custom event, and now and then a prompt answer or a JS error.
// Every event gets a fresh id so the database does real inserts, never duplicate short-cuts.

export const EVENTS_PER_BATCH = 10;
const PATHS = Array.from({ length: 20 }, (_, i) => `/products/item-${i}`);
const SESSIONS = 1000;
let n = 0;

export function benchEvents(now = Date.now()): LoupeEventInput[] {
  n += 1;
  const path = PATHS[n % PATHS.length]!;
  const common = () => ({
    id: randomUUID(),
    ts: now,
    sessionId: `bench-session-${n % SESSIONS}`,
    visitorId: `bench-visitor-${n % SESSIONS}`,
    url: `https://shop.example${path}?utm_source=newsletter`,
    path,
    language: 'en-US',
  });
  const clickAt = (kind: 'click' | 'rage', selector: string) =>
    ({ ...common(), type: 'click', kind, selector, tag: 'button', text: 'Add to cart', x: 320, y: 480, ...(kind === 'rage' ? { count: 4 } : {}) }) as const;
  const events: LoupeEventInput[] = [
    { ...common(), type: 'pageview', nav: 'push', title: 'Product', viewport: { w: 390, h: 844 } },
    { ...common(), type: 'engagement', engagedMs: 12_000, scrollDepth: 64 },
    clickAt('click', '#add-to-cart'),
    clickAt('click', '[data-testid="gallery-next"]'),
    clickAt('rage', '#apply-coupon'),
    { ...common(), type: 'vital', name: 'LCP', value: 1800 + (n % 900), rating: 'good', navigationType: 'navigate' },
    { ...common(), type: 'vital', name: 'CLS', value: (n % 30) / 100, rating: 'good' },
    { ...common(), type: 'track', name: 'add_to_cart', props: { sku: `SKU-${n % 50}`, price: 19.9 } },
    { ...common(), type: 'prompt_shown', promptId: 'nps-main', displayId: randomUUID() },
    n % 10 === 0
      ? { ...common(), type: 'response', promptId: 'nps-main', displayId: randomUUID(), kind: 'nps', score: n % 11, comment: 'Checkout was slow' }
      : { ...common(), type: 'error', source: 'error', errorType: 'TypeError', message: `Cannot read properties of undefined (reading 'price')`, frames: [{ fn: 'renderPrice', file: 'https://shop.example/assets/app.3f2a1b9c.js', line: 1, col: 4242 }] },
  ];
  return events;
}

export function benchBody(key: string): string {
  return JSON.stringify({ key, events: benchEvents(), sentAt: Date.now() });
}
