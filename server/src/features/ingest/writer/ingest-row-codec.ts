import type { StackFrame } from '@loupe/shared';
import type { IngestRow, WriterEvent } from '../ingest-row.js';

/**
 * The writer thread's input, flat: every group's rows as one array of primitives (stack frames
 * excepted), in a fixed order per event type. Posting it costs the structured clone of one array
 * of strings and numbers instead of ~20 small objects per row (the row, the validated event with
 * its url, title, viewport, props…): the thread gets exactly the columns and the fields its
 * derivations read, and nothing else.
 *
 * Layout: group count, then per group its row count and rows; per row the common fields below,
 * then the fields of its type (see `encodeEvent`).
 */
export type EncodedGroups = EncodedValue[];
type EncodedValue = string | number | null | undefined | StackFrame[];

export function encodeRowGroups(groups: readonly (readonly IngestRow[])[]): EncodedGroups {
  const out: EncodedValue[] = [groups.length];
  for (const rows of groups) {
    out.push(rows.length);
    for (const r of rows) {
      const e = r.event;
      out.push(
        e.type, r.siteId, r.id, r.ts, r.receivedAt, r.device, r.browser, r.language, r.fingerprint, r.payload,
        e.sessionId, e.visitorId, e.path,
      );
      encodeEvent(e, out);
    }
  }
  return out;
}

function encodeEvent(e: WriterEvent, out: EncodedValue[]): void {
  switch (e.type) {
    case 'pageview':
      return;
    case 'engagement':
      return void out.push(e.engagedMs, e.scrollDepth);
    case 'click':
      return void out.push(e.kind, e.selector, e.count);
    case 'error':
      return void out.push(e.source, e.errorType, e.message, e.frames);
    case 'vital':
      return void out.push(e.name, e.value);
    case 'track':
      return void out.push(e.name);
    case 'prompt_shown':
    case 'prompt_dismissed':
      return void out.push(e.promptId, e.displayId);
    case 'response':
      return void out.push(e.promptId, e.displayId, e.kind, e.score, e.comment);
  }
}

/**
 * The inverse of `encodeRowGroups`. Values are not validated again: they come from our own main
 * thread, which encoded validated rows, so each read takes the type of the field it fills.
 */
export function decodeRowGroups(flat: EncodedGroups): IngestRow[][] {
  let i = 0;
  const next = <T>() => flat[i++] as T;
  const groups: IngestRow[][] = new Array(next<number>());
  for (let g = 0; g < groups.length; g++) {
    const rows: IngestRow[] = new Array(next<number>());
    for (let k = 0; k < rows.length; k++) {
      const type = next<WriterEvent['type']>();
      const siteId = next<string>();
      const id = next<string>();
      const ts = next<number>();
      const receivedAt = next<number>();
      const device = next<IngestRow['device']>();
      const browser = next<string>();
      const language = next<string>();
      const fingerprint = next<string | null>();
      const payload = next<string>();
      const sessionId = next<string>();
      const visitorId = next<string | undefined>();
      const path = next<string>();
      rows[k] = { siteId, id, ts, receivedAt, device, browser, language, fingerprint, payload, event: decodeEvent(type, sessionId, visitorId, path, next) };
    }
    groups[g] = rows;
  }
  return groups;
}

function decodeEvent(
  type: WriterEvent['type'], sessionId: string, visitorId: string | undefined, path: string, next: <T>() => T,
): WriterEvent {
  switch (type) {
    case 'pageview':
      return { type, sessionId, visitorId, path };
    case 'engagement':
      return { type, sessionId, visitorId, path, engagedMs: next(), scrollDepth: next() };
    case 'click':
      return { type, sessionId, visitorId, path, kind: next(), selector: next(), count: next() };
    case 'error':
      return { type, sessionId, visitorId, path, source: next(), errorType: next(), message: next(), frames: next() };
    case 'vital':
      return { type, sessionId, visitorId, path, name: next(), value: next() };
    case 'track':
      return { type, sessionId, visitorId, path, name: next() };
    case 'prompt_shown':
    case 'prompt_dismissed':
      return { type, sessionId, visitorId, path, promptId: next(), displayId: next() };
    case 'response':
      return { type, sessionId, visitorId, path, promptId: next(), displayId: next(), kind: next(), score: next(), comment: next() };
  }
}
