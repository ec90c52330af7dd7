import type { App } from '../../src/app.js';
import { createSite } from '../../src/features/sites/sites-store.js';

export const SHOP_ORIGIN = 'https://shop.example';

/** A site allowed to collect from https://shop.example, created straight in the store. */
export function shopSite(app: App) {
  return createSite(app.db, { name: 'Shop', origins: [SHOP_ORIGIN] });
}

/** POSTs a batch the way the widget does: text/plain JSON from the shop's origin. */
export function collect(
  app: App,
  body: unknown,
  headers: Record<string, string> = {},
  opts: { remoteAddress?: string } = {},
) {
  return app.inject({
    method: 'POST',
    url: '/v1/collect',
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: SHOP_ORIGIN, ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
    ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
  });
}

/** Rows of a table, for assertions on what was stored. */
export function rows<T = Record<string, unknown>>(app: App, sql: string, ...params: unknown[]): T[] {
  return app.db.$client.prepare(sql).all(...params) as T[];
}

/** Collects events in batches of 100 (what one request may carry), failing unless each is accepted whole. */
export async function collectAll(app: App, key: string, events: readonly unknown[]): Promise<void> {
  for (let i = 0; i < events.length; i += 100) {
    const res = await collect(app, { key, events: events.slice(i, i + 100) });
    const rejected = res.statusCode === 202 ? ((res.json() as { rejected?: unknown[] }).rejected ?? []) : undefined;
    if (rejected === undefined || rejected.length > 0) throw new Error(`collect: ${res.statusCode} ${res.body}`);
  }
}
