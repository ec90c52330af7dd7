import type { ErrorsResponse, ResponseItem } from '@loupe/shared';
import type { Db } from '../../db/open-database.js';
import { findErrorGroup } from '../errors/errors-store.js';
import { findResponse, toResponseItem } from '../responses/responses-store.js';

/** The spec's advice: keep a payload small; past this, send a thin one (ids only; fetch the rest). */
export const MAX_PAYLOAD_BYTES = 20 * 1024;

/** An error group as `error.new` carries it: the read API's group, without the range's counts. */
export interface ErrorGroupItem {
  fingerprint: string;
  type: string;
  source: ErrorsResponse['errors'][number]['source'];
  message: string;
  stack: ErrorsResponse['errors'][number]['stack'];
  path: string;
  firstSeen: string;
  lastSeen: string;
}

export type EventData =
  | { type: 'response.created' | 'response.updated'; data: ResponseItem }
  | { type: 'error.new'; data: ErrorGroupItem }
  | { type: 'webhook.test'; data: { webhookId: string; message: string } };

/** What the event is about, as the read API shows it now; undefined when it no longer exists. */
export function eventData(db: Db, siteId: string, type: string, subject: string): EventData | undefined {
  if (type === 'response.created' || type === 'response.updated') {
    const row = findResponse(db, siteId, subject);
    return row ? { type, data: toResponseItem(row) } : undefined;
  }
  if (type === 'error.new') {
    const g = findErrorGroup(db.$client, siteId, subject);
    if (!g) return undefined;
    return {
      type,
      data: {
        fingerprint: g.fingerprint,
        type: g.error_type,
        source: g.source,
        message: g.message,
        stack: g.frames ? (JSON.parse(g.frames) as ErrorGroupItem['stack']) : [],
        path: g.sample_path,
        firstSeen: new Date(g.first_ts).toISOString(),
        lastSeen: new Date(g.last_ts).toISOString(),
      },
    };
  }
  return undefined;
}

/** The ids a thin payload keeps: enough to fetch the rest from the read API. */
function thin(type: string, subject: string): Record<string, unknown> {
  return type === 'error.new' ? { fingerprint: subject, thin: true } : { id: subject, thin: true };
}

/**
 * The Standard Webhooks body `{type, timestamp, data}`: `data` as the read API returns it, or thin
 * (ids and `thin: true`) when the whole would pass MAX_PAYLOAD_BYTES, or when the subject is gone.
 */
export function standardBody(type: string, subject: string, at: number, event: EventData | undefined): string {
  const timestamp = new Date(at).toISOString();
  if (event !== undefined) {
    const full = JSON.stringify({ type, timestamp, data: event.data });
    if (Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES) return full;
  }
  return JSON.stringify({ type, timestamp, data: thin(type, subject) });
}
