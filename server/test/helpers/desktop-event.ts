import { randomUUID } from 'node:crypto';
import type { LoupeEventInput } from '@loupe/shared';
import type { DatasetEvent } from './random-dataset.js';

/**
 * One event of a session on the shop's home page from desktop Chrome, for ingestDataset: `rest`
 * gives its type and fields; without `visitorId` the event carries none (a browser sending GPC).
 */
export function desktopEvent(
  at: { sessionId: string; visitorId?: string; ts: number },
  rest: Record<string, unknown>,
): DatasetEvent {
  return {
    event: { id: randomUUID(), url: 'https://shop.example/', path: '/', ...at, ...rest } as LoupeEventInput,
    device: 'desktop',
    browser: 'chrome',
  };
}
