import type { LinkContextFlag } from '../link-surveys/link-token.js';
import type { ResponseItem, ResponsePatch, ResponsesPage } from '@loupe/shared';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { segmentOf } from '../../analytics/score-math.js';
import type { Db } from '../../db/open-database.js';
import { responses } from '../../db/schema/index.js';
import {
  afterCursor,
  displayIdBytes,
  decodeCursor,
  encodeCursor,
  responseConditions,
  type ResponseFilters,
} from './response-filters.js';
import { IMMEDIATE } from '../../db/immediate.js';
import { perDatabase } from '../../lib/per-database.js';
import { webhookOutbox } from '../webhooks/webhook-outbox.js';
import { type CountedAnswer, countResolutions } from './resolution-counts.js';

type Row = typeof responses.$inferSelect;

const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

export function toResponseItem(r: Row): ResponseItem {
  return {
    id: r.displayId,
    promptId: r.promptId,
    kind: r.kind,
    score: r.score,
    segment: segmentOf(r.kind, r.score),
    comment: r.comment,
    status: r.status,
    note: r.note,
    resolvedAt: iso(r.resolvedAt),
    createdAt: iso(r.createdAt)!,
    // The answer's newest event, or the last triage change (rows triaged before triaged_at existed
    // have at least their resolution time).
    updatedAt: iso(Math.max(r.updatedAt, r.triagedAt ?? r.resolvedAt ?? 0))!,
    path: r.path,
    device: r.device,
    browser: r.browser,
    language: r.language,
    sessionId: r.sessionId,
    visitorId: r.visitorId,
    friction: {
      pagesSeen: r.frictionPageviews,
      rageClicks: r.frictionRage,
      deadClicks: r.frictionDead,
      errorClicks: r.frictionErrorClicks,
      jsErrors: r.frictionJsErrors,
    },
    channel: r.channel,
    touchpoint: r.touchpoint,
    customerId: r.customerId,
    traits: r.traits === null ? null : (JSON.parse(r.traits) as ResponseItem['traits']),
    linkFlag: r.linkFlag as LinkContextFlag | null,
  };
}

function page(db: Db, conds: SQL[], limit: number): Row[] {
  return db
    .select()
    .from(responses)
    .where(and(...conds))
    .orderBy(desc(responses.createdAt), desc(displayIdBytes))
    .limit(limit)
    .all();
}

/** Newest first, keyset-paginated: a page costs the same however deep it is. */
export function listResponses(
  db: Db,
  siteId: string,
  f: ResponseFilters & { limit: number; cursor?: string | undefined },
): ResponsesPage {
  const conds = responseConditions(siteId, f);
  if (f.cursor) conds.push(afterCursor(decodeCursor(f.cursor)));
  const rows = page(db, conds, f.limit + 1);
  const more = rows.length > f.limit;
  const shown = more ? rows.slice(0, f.limit) : rows;
  const last = shown[shown.length - 1];
  return {
    responses: shown.map(toResponseItem),
    nextCursor: more && last ? encodeCursor({ createdAt: last.createdAt, id: last.displayId }) : null,
  };
}

/**
 * Every matching row, newest first, in chunks of `chunk` rows. Each chunk is its own short query:
 * an open better-sqlite3 iterator would lock the connection against writes (ingestion) for as long
 * as a slow client takes to download, so memory stays bounded by the chunk instead.
 */
export function exportResponses(db: Db, siteId: string, f: ResponseFilters, chunk = 500): Iterable<Row[]> {
  // Evaluated now, not on the first read: a bad filter is a 400, not a broken download.
  const base = responseConditions(siteId, f);
  return (function* () {
    let cursor: SQL | undefined;
    for (;;) {
      const rows = page(db, cursor ? [...base, cursor] : base, chunk);
      if (rows.length > 0) yield rows;
      if (rows.length < chunk) return;
      const last = rows[rows.length - 1]!;
      cursor = afterCursor({ createdAt: last.createdAt, id: last.displayId });
    }
  })();
}

export function findResponse(db: Db, siteId: string, id: string): Row | undefined {
  return db
    .select()
    .from(responses)
    .where(and(eq(responses.siteId, siteId), eq(responses.displayId, id)))
    .get();
}

const setTraitsResolvedAt = perDatabase((db) =>
  db.prepare<[number | null, string, string]>(
    'UPDATE response_traits SET resolved_at = ? WHERE site_id = ? AND display_id = ?',
  ),
);

/** The columns of an answer that its resolution counts are kept by (resolution-counts.ts). */
const countedAnswer = (r: Row): CountedAnswer => ({
  site_id: r.siteId,
  created_at: r.createdAt,
  resolved_at: r.resolvedAt,
  kind: r.kind,
  score: r.score,
  comment: r.comment,
  path: r.path,
  device: r.device,
  browser: r.browser,
  language: r.language,
  traits: r.traits,
  // The answer keeps its session's flag (0 without one): no session looked up.
  returning: r.returning ? 1 : 0,
});

/**
 * Closing the loop. Resolving keeps the first resolution time (re-sending `resolved` is
 * idempotent); reopening clears it, so time-to-resolve always measures the latest resolution.
 * A change stamps `triagedAt` (so `updatedAt`) and is announced to webhooks as
 * `response.updated`; a patch that changes nothing writes nothing.
 */
export function patchResponse(
  db: Db,
  siteId: string,
  id: string,
  patch: ResponsePatch,
  now = Date.now(),
): Row | undefined {
  // Read, then write: take the write lock first (db/immediate.ts says why).
  return db.transaction((tx) => {
    const current = tx
      .select()
      .from(responses)
      .where(and(eq(responses.siteId, siteId), eq(responses.displayId, id)))
      .get();
    if (!current) return undefined;
    const set: Partial<Row> = {};
    if (patch.note !== undefined && patch.note !== current.note) set.note = patch.note;
    if (patch.status !== undefined && patch.status !== current.status) {
      set.status = patch.status;
      set.resolvedAt = patch.status === 'resolved' ? now : null;
    }
    if (Object.keys(set).length === 0) return current;
    set.triagedAt = now;
    if (set.resolvedAt !== undefined) {
      const answer = countedAnswer(current);
      countResolutions(db.$client, [answer], [{ ...answer, resolved_at: set.resolvedAt }]);
      // Its trait rows keep it too: an audience's resolutions are read from them (db/schema/response-traits.ts).
      setTraitsResolvedAt(db.$client).run(set.resolvedAt, siteId, id);
    }
    // In this transaction: the change and its announcement commit together (webhook-outbox.ts).
    webhookOutbox(db.$client).announce(siteId, 'response.updated', id, now);
    return tx
      .update(responses)
      .set(set)
      .where(and(eq(responses.siteId, siteId), eq(responses.displayId, id)))
      .returning()
      .get();
  }, IMMEDIATE);
}
