import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** A detractor's answer (SEGMENT_RANGES in shared), on the columns kind and score of `alias` (none: unqualified). */
export function detractorSql(alias?: string): string {
  const c = alias === undefined ? '' : `${alias}.`;
  return `((${c}kind = 'nps' AND ${c}score <= 6) OR (${c}kind = 'csat' AND ${c}score <= 2) OR (${c}kind = 'ces' AND ${c}score <= 3))`;
}

/**
 * Resolved complaints (a detractor-segment answer with a comment). The overview's query repeats
 * this text verbatim: SQLite only uses a partial index whose condition it finds among the query's
 * terms.
 */
export const RESOLVED_COMPLAINT_SQL = `resolved_at IS NOT NULL AND comment IS NOT NULL AND ${detractorSql()}`;

/**
 * Prompt answers as a first-class table: one row per display (site_id, display_id). The score
 * arrives the moment it is chosen; a later `response` event of the same display (the comment, or a
 * changed score) is merged into this row, never stored as a second answer.
 */
export const responses = sqliteTable(
  'responses',
  {
    siteId: text('site_id').notNull(),
    displayId: text('display_id').notNull(),
    promptId: text('prompt_id').notNull(),
    kind: text('kind', { enum: ['nps', 'csat', 'ces'] }).notNull(),
    score: integer('score').notNull(),
    comment: text('comment'),
    sessionId: text('session_id').notNull(),
    visitorId: text('visitor_id'),
    path: text('path').notNull(),
    device: text('device').notNull(),
    browser: text('browser').notNull(),
    language: text('language').notNull(),
    /** Client time of the first answer (epoch ms); its UTC hour is the rollup bucket. */
    createdAt: integer('created_at').notNull(),
    /**
     * Client time of the newest merged event, so a late-arriving older event never wins. The API's
     * `updatedAt` is the later of this and `triaged_at` (responses-store.ts).
     */
    updatedAt: integer('updated_at').notNull(),
    status: text('status', { enum: ['open', 'resolved'] })
      .notNull()
      .default('open'),
    note: text('note'),
    resolvedAt: integer('resolved_at'),
    /**
     * Server time of the last change made through the API (status or note); NULL until then. Kept
     * apart from updated_at, whose order the merge of the answer's own events relies on.
     */
    triagedAt: integer('triaged_at'),
    // The friction the session met before this answer (events with ts < created_at), kept current
    // by features/ingest/derive/read-model-deltas.ts; also the state last counted in friction_rollups.
    frictionPageviews: integer('friction_pageviews').notNull().default(0),
    frictionRage: integer('friction_rage').notNull().default(0),
    frictionDead: integer('friction_dead').notNull().default(0),
    frictionErrorClicks: integer('friction_error_clicks').notNull().default(0),
    frictionJsErrors: integer('friction_js_errors').notNull().default(0),
    /** The score last counted in friction_rollups; NULL until first counted. */
    frictionScore: integer('friction_score'),
    /** JSON {path: 0|1} of pages seen before answering and whether friction was met there. */
    frictionPages: text('friction_pages'),
    /**
     * The journey last counted in journey_rollups: JSON array of the last page steps (at most five)
     * before the answer, oldest first; null until counted (same commit as the friction columns).
     */
    journey: text('journey'),
    /**
     * Where the answer was given: `web` (the widget on the site's pages) or a link survey's channel
     * (`email`, `sms`, `qr`, `link`: the hosted page, features/link-surveys/).
     */
    channel: text('channel', { enum: ['web', 'email', 'sms', 'qr', 'link'] })
      .notNull()
      .default('web'),
    /** The signed link's moment measured (`support`, `delivery`…); NULL on the web and without a token. */
    touchpoint: text('touchpoint'),
    /** The signed link's customer id. */
    customerId: text('customer_id'),
    /** JSON object of the signed link's traits (at most ten). */
    traits: text('traits'),
    /** Why a link's token context was dropped (`tampered`, `expired`…); the answer was kept. */
    linkFlag: text('link_flag'),
    /**
     * The answer's sample level (lib/session-sample-level.ts over its display id), the same as its
     * response_traits rows': a read of a busy audience without a trait walks a fixed sample of the
     * answers (analytics/audience-answer-conditions.ts).
     */
    sampleLevel: integer('sample_level').notNull().default(0),
    /**
     * 1 when the answer's session is returning (sessions.returning, decided when the session is
     * first stored and fixed from then on), 0 for a new one, a link's answer, or once the session
     * is deleted (retention or erasure: an answer without its session counts as new). Kept on the
     * answer so a sampled read of `returning` tests the row it reads instead of probing the session.
     */
    returning: integer('returning', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    uniqueIndex('responses_site_display').on(t.siteId, t.displayId),
    index('responses_site_created').on(t.siteId, t.createdAt),
    index('responses_site_prompt_created').on(t.siteId, t.promptId, t.createdAt),
    index('responses_site_session').on(t.siteId, t.sessionId),
    index('responses_site_channel_created').on(t.siteId, t.channel, t.createdAt),
    // The answers of a range in time order within each sample level (a sampled read names the
    // levels it takes, so the time bounds each level's range).
    index('responses_site_sample').on(t.siteId, t.sampleLevel, t.createdAt),
    // Partial: only resolved answers are indexed, so ingestion (which inserts open ones) pays nothing.
    // With who gave them and where after the time: the overview's resolutions under an audience
    // without a trait (returning with a page, browser, language or device) test each from the index,
    // the durations without the row (analytics/overview-figures.ts).
    index('responses_site_resolved_at')
      .on(t.siteId, t.resolvedAt, t.createdAt, t.returning, t.path, t.device, t.browser, t.language)
      .where(sql`resolved_at IS NOT NULL`),
    index('responses_site_resolved_complaints')
      .on(t.siteId, t.createdAt, t.returning, t.path, t.device, t.browser, t.language)
      .where(sql.raw(RESOLVED_COMPLAINT_SQL)),
  ],
);
