import { returningOf, SEGMENT_RANGES, type ResponseFilterValues, type TraitFilter } from '@loupe/shared';
import { and, between, eq, gte, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { audienceAnswerConditions } from '../../analytics/audience-answer-conditions.js';
import { LocalCalendar } from '../../analytics/local-calendar.js';
import { parseInstant } from '../../analytics/query-range.js';
import { responses } from '../../db/schema/index.js';
import { foldText } from '../../db/text-fold.js';
import { errors } from '../../errors/catalogue.js';

/** The parsed filters of the list and export routes (query defaults applied), with their `trait.<name>` filters. */
export type ResponseFilters = ResponseFilterValues & { traits?: TraitFilter[] | undefined };

function segmentCondition(segment: 'promoter' | 'passive' | 'detractor'): SQL {
  return or(
    ...Object.entries(SEGMENT_RANGES).map(([kind, ranges]) =>
      and(eq(responses.kind, kind as 'nps'), between(responses.score, ranges[segment][0], ranges[segment][1])),
    ),
  )!;
}

/**
 * Comment or note contains the text, both folded alike (db/text-fold.ts). instr(), not LIKE: the
 * needle is a bound parameter matched literally, so % and _ are not wildcards and nothing in it is SQL.
 */
function textCondition(q: string): SQL {
  const needle = foldText(q);
  return sql`(instr(loupe_fold(${responses.comment}), ${needle}) > 0 OR instr(loupe_fold(${responses.note}), ${needle}) > 0)`;
}

/** Raw SQL text with `?` placeholders as a drizzle condition, its parameters bound in order. */
function boundSql(text: string, params: readonly (string | number)[]): SQL {
  const pieces = text.split('?');
  const chunks: SQL[] = [sql.raw(pieces[0]!)];
  for (let i = 1; i < pieces.length; i++) chunks.push(sql`${params[i - 1]}`, sql.raw(pieces[i]!));
  return sql.join(chunks);
}

/** WHERE conditions of a response query, always scoped to the site. */
export function responseConditions(siteId: string, f: ResponseFilters): SQL[] {
  const conds: SQL[] = [eq(responses.siteId, siteId)];
  const calendar = new LocalCalendar(f.tz);
  const from = f.from === undefined ? undefined : parseInstant('from', f.from, calendar);
  const to = f.to === undefined ? undefined : parseInstant('to', f.to, calendar);
  if (from !== undefined && to !== undefined && from >= to) {
    throw errors.validation('querystring.from: must be before to', [
      { path: 'querystring.from', message: 'must be before to' },
    ]);
  }
  if (f.scoreMin !== undefined && f.scoreMax !== undefined && f.scoreMin > f.scoreMax) {
    throw errors.validation('querystring.scoreMin: must not exceed scoreMax', [
      { path: 'querystring.scoreMin', message: 'must not exceed scoreMax' },
    ]);
  }
  if (from !== undefined) conds.push(gte(responses.createdAt, from));
  if (to !== undefined) conds.push(lt(responses.createdAt, to));
  if (f.kind) conds.push(eq(responses.kind, f.kind));
  if (f.prompt) conds.push(eq(responses.promptId, f.prompt));
  if (f.path) conds.push(eq(responses.path, f.path));
  if (f.device) conds.push(eq(responses.device, f.device));
  if (f.browser !== undefined) conds.push(eq(responses.browser, f.browser));
  if (f.language !== undefined) conds.push(eq(responses.language, f.language));
  if (f.scoreMin !== undefined) conds.push(gte(responses.score, f.scoreMin));
  if (f.scoreMax !== undefined) conds.push(lt(responses.score, f.scoreMax + 1));
  if (f.segment) conds.push(segmentCondition(f.segment));
  if (f.hasComment !== undefined) conds.push(f.hasComment ? isNotNull(responses.comment) : isNull(responses.comment));
  if (f.status) conds.push(eq(responses.status, f.status));
  if (f.channel) conds.push(eq(responses.channel, f.channel));
  if (f.touchpoint !== undefined) conds.push(eq(responses.touchpoint, f.touchpoint));
  if (f.customer !== undefined) conds.push(eq(responses.customerId, f.customer));
  if (f.q) conds.push(textCondition(f.q));
  for (const c of audienceAnswerConditions({ traits: f.traits ?? [], returning: returningOf(f) }, '"responses"'))
    conds.push(boundSql(c.sql, c.params));
  return conds;
}

export interface Cursor {
  createdAt: number;
  id: string;
}

export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.createdAt, c.id])).toString('base64url');

export function decodeCursor(s: string): Cursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(s, 'base64url').toString()) as unknown[];
    if (typeof createdAt === 'number' && Number.isSafeInteger(createdAt) && typeof id === 'string')
      return { createdAt, id };
  } catch {
    // fall through
  }
  throw errors.validation('querystring.cursor: not a cursor from this API', [
    { path: 'querystring.cursor', message: 'not a cursor from this API' },
  ]);
}

/**
 * Display ids (the widget's own strings) in byte order, SQLite's, on PostgreSQL too whatever its
 * collation (db/postgres/postgres-dialect.ts): the pages and their cursors are the same on both.
 */
export const displayIdBytes = sql`${responses.displayId} COLLATE BINARY`;

/** Rows after the cursor in newest-first order (created_at DESC, id DESC). */
export const afterCursor = (c: Cursor): SQL =>
  or(
    lt(responses.createdAt, c.createdAt),
    and(eq(responses.createdAt, c.createdAt), sql`${displayIdBytes} < ${c.id}`),
  )!;
