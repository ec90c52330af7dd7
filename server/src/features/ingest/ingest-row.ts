import type {
  ClickEvent,
  EngagementEvent,
  ErrorEvent,
  EventType,
  LoupeEvent,
  PageviewEvent,
  PromptDismissedEvent,
  PromptShownEvent,
  ResponseEvent,
  TrackEvent,
  VitalEvent,
} from '@loupe/shared';
import type { ClientClass, DeviceClass } from '../../privacy/user-agent.js';
import { errorFingerprint } from './derive/error-fingerprint.js';

type Common = 'type' | 'sessionId' | 'visitorId' | 'path';

/**
 * The fields of an event that the writer reads besides the row's columns: its narrow columns and
 * what the session, page visit, response, error group and rollup updates derive from. Everything
 * else is in the payload. Naming them keeps the writer thread's input small (ingest-row-codec.ts)
 * and makes a derivation that reads a new field fail to compile until the codec carries it.
 */
export type WriterEvent =
  | Pick<PageviewEvent, Common>
  | Pick<EngagementEvent, Common | 'engagedMs' | 'scrollDepth'>
  | Pick<ClickEvent, Common | 'kind' | 'selector' | 'count'>
  | Pick<ErrorEvent, Common | 'source' | 'errorType' | 'message' | 'frames'>
  | Pick<VitalEvent, Common | 'name' | 'value'>
  | Pick<TrackEvent, Common | 'name'>
  | Pick<PromptShownEvent, Common | 'promptId' | 'displayId'>
  | Pick<PromptDismissedEvent, Common | 'promptId' | 'displayId'>
  | Pick<ResponseEvent, Common | 'promptId' | 'displayId' | 'kind' | 'score' | 'comment'>;

/**
 * One validated, scrubbed event ready for the writer: the narrow column values, the JSON payload
 * of everything else, and the event's fields the session, response and rollup updates read.
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
  event: WriterEvent;
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
  // for…in over a validated event's own keys (zod output has no inherited enumerable ones):
  // no [key, value] pair array per field, as Object.entries would allocate, on the request path.
  for (const k in e) if (!skip.has(k)) out[k] = e[k as keyof LoupeEvent];
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
