import type { EventType, LoupeEvent } from '@loupe/shared';
import type { ClientClass, DeviceClass } from '../../privacy/user-agent.js';
import { errorFingerprint } from './error-fingerprint.js';

/**
 * One validated, scrubbed event ready for the writer: the narrow column values, the JSON payload
 * of everything else, and the parsed event for the session, response and rollup updates.
 */
export interface IngestRow {
  siteId: string;
  id: string;
  ts: number;
  receivedAt: number;
  device: DeviceClass;
  browser: string;
  language: string;
  fingerprint: string | null;
  payload: string;
  event: LoupeEvent;
}

export interface RowContext {
  siteId: string;
  receivedAt: number;
  client: ClientClass;
}

const COMMON = ['id', 'type', 'ts', 'sessionId', 'visitorId', 'path', 'language'];
const PROMPT = [...COMMON, 'promptId', 'displayId'];
/** Fields that live in narrow columns are left out of the payload (no double storage). */
const NARROW: Record<EventType, ReadonlySet<string>> = {
  pageview: new Set(COMMON),
  engagement: new Set(COMMON),
  click: new Set([...COMMON, 'kind', 'selector']),
  error: new Set(COMMON),
  vital: new Set([...COMMON, 'name', 'value']),
  track: new Set([...COMMON, 'name']),
  prompt_shown: new Set(PROMPT),
  prompt_dismissed: new Set(PROMPT),
  response: new Set(PROMPT),
};

function payloadOf(e: LoupeEvent, clientTs: number | undefined): Record<string, unknown> {
  const skip = NARROW[e.type];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) if (!skip.has(k)) out[k] = v;
  if (clientTs !== undefined) out.clientTs = clientTs;
  return out;
}

/** `ts` is the (possibly skew-corrected) time to store; the client's own is kept in the payload. */
export function toIngestRow(e: LoupeEvent, ts: number, ctx: RowContext): IngestRow {
  return {
    siteId: ctx.siteId,
    id: e.id,
    ts,
    receivedAt: ctx.receivedAt,
    device: ctx.client.device,
    browser: ctx.client.browser,
    language: e.language ?? '',
    fingerprint: e.type === 'error' ? errorFingerprint(e) : null,
    payload: JSON.stringify(payloadOf(e, ts === e.ts ? undefined : e.ts)),
    event: e,
  };
}
