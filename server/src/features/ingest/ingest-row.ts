import type { EventOf, EventType, LoupeEvent } from '@loupe/shared';
import type { ClientClass, DeviceClass } from '../../privacy/user-agent.js';
import { errorFingerprint } from './derive/error-fingerprint.js';

const WRITER_COMMON = ['sessionId', 'visitorId', 'path'] as const;
const WRITER_PROMPT = [...WRITER_COMMON, 'promptId', 'displayId'] as const;

/**
 * Per event type, the fields the writer reads besides `type`: the narrow columns and what the
 * session, page visit, response, error group and rollup updates derive from. Everything else is in
 * the payload. This table is the one definition: `WriterEvent` is derived from it, so a derivation
 * that reads a field not listed here fails to compile, and the codec that carries events to the
 * writer thread (writer/ingest-row-codec.ts) encodes and decodes exactly these fields, in this order.
 */
export const WRITER_FIELDS = {
  pageview: [...WRITER_COMMON, 'release'],
  engagement: [...WRITER_COMMON, 'engagedMs', 'scrollDepth'],
  click: [...WRITER_COMMON, 'kind', 'selector', 'count'],
  error: [...WRITER_COMMON, 'source', 'errorType', 'message', 'frames'],
  vital: [...WRITER_COMMON, 'name', 'value'],
  track: [...WRITER_COMMON, 'name'],
  task: [...WRITER_COMMON, 'name', 'action'],
  prompt_shown: WRITER_PROMPT,
  prompt_dismissed: WRITER_PROMPT,
  response: [...WRITER_PROMPT, 'kind', 'score', 'comment'],
  // Rare (once a sign-in): its customer id and traits are read from the payload (identify-deltas.ts).
  identify: WRITER_COMMON,
} as const satisfies { [T in EventType]: readonly (keyof EventOf<T>)[] };

/** An event as the writer sees it: its type and the fields WRITER_FIELDS lists for that type. */
export type WriterEvent = { [T in EventType]: Pick<EventOf<T>, 'type' | WriterField<T>> }[EventType];
// `satisfies` above already holds each name to its event's keys; Extract says so to the mapped type.
type WriterField<T extends EventType> = Extract<(typeof WRITER_FIELDS)[T][number], keyof EventOf<T>>;
export type WriterEventOf<T extends EventType> = Extract<WriterEvent, { type: T }>;

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
  /**
   * A link survey's answer (features/link-surveys/): JSON of its LinkRowContext; null for the
   * widget's events. Such an answer is no visit to the site: it has no session or page visit.
   */
  link: string | null;
  event: WriterEvent;
}

/** What a hosted page's answer carries into its response row (the `link` column, as JSON). */
export interface LinkRowContext {
  channel: 'email' | 'sms' | 'qr' | 'link';
  touchpoint: string | null;
  customerId: string | null;
  /** JSON object, or null. */
  traits: string | null;
  flag: string | null;
}

export interface RowContext {
  siteId: string;
  receivedAt: number;
  client: ClientClass;
}

const COMMON = ['id', 'type', 'ts', 'sessionId', 'visitorId', 'path', 'language', 'device'];
const PROMPT = [...COMMON, 'promptId', 'displayId'];
/** Fields that live in narrow columns are left out of the payload (no double storage). */
const NARROW: Record<EventType, ReadonlySet<string>> = {
  pageview: new Set(COMMON),
  engagement: new Set(COMMON),
  click: new Set([...COMMON, 'kind', 'selector']),
  error: new Set(COMMON),
  vital: new Set([...COMMON, 'name', 'value']),
  track: new Set([...COMMON, 'name']),
  task: new Set(COMMON),
  prompt_shown: new Set(PROMPT),
  prompt_dismissed: new Set(PROMPT),
  response: new Set(PROMPT),
  identify: new Set(COMMON),
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
    // The widget's class (the one its prompt targeting used); the User-Agent's for other clients.
    device: e.device ?? ctx.client.device,
    browser: ctx.client.browser,
    language: e.language ?? '',
    fingerprint: e.type === 'error' ? errorFingerprint(e) : null,
    payload: JSON.stringify(payloadOf(e, ts === e.ts ? undefined : e.ts)),
    link: null,
    event: e,
  };
}
