import { eventSchema, MAX_EVENT_AGE_MS, MAX_EVENT_FUTURE_MS, MAX_ID_LENGTH, type CollectResponse } from '@loupe/shared';
import { toIngestRow, type IngestRow, type RowContext } from '../ingest-row.js';
import { scrubIngestEvent } from '../../../privacy/scrub-ingest-event.js';
import { fastParseScrubbedEvent } from './fast-parse-event.js';
import { plainErrorMessage } from './plain-error-message.js';

type Rejected = CollectResponse['rejected'][number];

/**
 * Client clocks are often minutes or years off. When the batch says when it was sent, the
 * difference to our clock is that client's offset, and every event time is shifted by it; under
 * a second it is indistinguishable from network delay and left alone, so well-set clocks keep
 * their exact times.
 */
export const SKEW_CORRECTION_MIN_MS = 1000;

export interface PreparedBatch {
  rows: IngestRow[];
  rejected: Rejected[];
}

function idOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id.length <= MAX_ID_LENGTH ? id : undefined;
}

function reject(index: number, raw: unknown, reason: string): Rejected {
  const id = idOf(raw);
  return id === undefined ? { index, reason } : { index, id, reason };
}

/**
 * Validates each event on its own (one bad event never costs the others), corrects clock skew,
 * bounds event time, scrubs personal data, drops browser noise from error messages and maps to rows.
 */
export function prepareEvents(events: unknown[], sentAt: number | undefined, ctx: RowContext): PreparedBatch {
  const rows: IngestRow[] = [];
  const rejected: Rejected[] = [];
  const skew = sentAt === undefined ? 0 : ctx.receivedAt - sentAt;
  const correction = Math.abs(skew) >= SKEW_CORRECTION_MIN_MS ? skew : 0;
  events.forEach((raw, index) => {
    // The widget's common events skip zod when the fast path is sure, and come back scrubbed
    // already; zod decides everything else.
    const fast = fastParseScrubbedEvent(raw);
    const parsed = fast !== undefined ? { success: true as const, data: fast } : eventSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : 'event';
      rejected.push(reject(index, raw, `${where}: ${issue?.message ?? 'invalid'}`));
      return;
    }
    const ts = parsed.data.ts + correction;
    if (ts < ctx.receivedAt - MAX_EVENT_AGE_MS) {
      rejected.push(reject(index, raw, `ts: older than ${MAX_EVENT_AGE_MS / 86_400_000} days`));
    } else if (ts > ctx.receivedAt + MAX_EVENT_FUTURE_MS) {
      rejected.push(reject(index, raw, `ts: more than ${MAX_EVENT_FUTURE_MS / 3_600_000} hours in the future`));
    } else {
      const e = fast ?? scrubIngestEvent(parsed.data);
      if (e.type === 'error' && e.source !== 'resource') e.message = plainErrorMessage(e.message, e.errorType);
      rows.push(toIngestRow(e, ts, ctx));
    }
  });
  return { rows, rejected };
}
