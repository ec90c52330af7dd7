import type { ResponseItem } from '@loupe/shared';
import { csvRow, type CsvValue } from './csv.js';

/** CSV columns, in order, and how each is read from a response. */
const COLUMNS: [string, (r: ResponseItem) => CsvValue][] = [
  ['id', (r) => r.id],
  ['created_at', (r) => r.createdAt],
  ['prompt_id', (r) => r.promptId],
  ['kind', (r) => r.kind],
  ['score', (r) => r.score],
  ['segment', (r) => r.segment],
  ['comment', (r) => r.comment],
  ['status', (r) => r.status],
  ['note', (r) => r.note],
  ['resolved_at', (r) => r.resolvedAt],
  ['path', (r) => r.path],
  ['device', (r) => r.device],
  ['browser', (r) => r.browser],
  ['language', (r) => r.language],
  ['session_id', (r) => r.sessionId],
  ['visitor_id', (r) => r.visitorId],
  ['pages_seen', (r) => r.friction.pagesSeen],
  ['rage_clicks', (r) => r.friction.rageClicks],
  ['dead_clicks', (r) => r.friction.deadClicks],
  ['error_clicks', (r) => r.friction.errorClicks],
  ['js_errors', (r) => r.friction.jsErrors],
  ['channel', (r) => r.channel],
  ['touchpoint', (r) => r.touchpoint],
  ['customer_id', (r) => r.customerId],
  ['traits', (r) => (r.traits === null ? null : JSON.stringify(r.traits))],
  ['link_flag', (r) => r.linkFlag],
];

export const CSV_HEADER = csvRow(COLUMNS.map(([name]) => name));
export const csvRecord = (r: ResponseItem) => csvRow(COLUMNS.map(([, read]) => read(r)));
/** NDJSON: the list API's JSON object per line (JSON.stringify escapes line breaks in strings). */
export const ndjsonRecord = (r: ResponseItem) => `${JSON.stringify(r)}\n`;
