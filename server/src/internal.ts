// @loupe/server/internal: the ingest path's parts and the synchronous PostgreSQL connection, for the benchmarks (they time each part against
// a raw baseline) and the seeder (it writes history through the same store as /v1/collect). Not
// the server's API: these change with the ingest path, without notice. The visitor sketches and hour
// buckets are here for the densifier (scripts/src/densify-database.ts), which adds visitors to the
// stored sketches exactly as ingest does. Everything else imports
// the public entry, `@loupe/server`.
export { createEventWriter, type EventWriter, type EventWriterOptions } from './features/ingest/writer/event-writer.js';
export type { CommitBackend } from './features/ingest/writer/commit-backend.js';
export { threadedCommitBackend } from './features/ingest/writer/threaded-commit-backend.js';
export { prepareEvents } from './features/ingest/http/prepare-events.js';
export { fastParseEvent, fastParseScrubbedEvent } from './features/ingest/http/fast-parse-event.js';
export { collectBodyValidatorCompiler, fastParseEnvelope } from './features/ingest/http/fast-parse-envelope.js';
export { toIngestRow, type IngestRow, type RowContext } from './features/ingest/ingest-row.js';
export {
  createIngestStore,
  eventRowValues,
  INSERT_EVENT_SQL,
  type IngestStore,
  type IngestStoreOptions,
  type WriteResult,
} from './features/ingest/writer/ingest-store.js';
export { decodeRowGroups, encodeRowGroups, type EncodedGroups } from './features/ingest/writer/ingest-row-codec.js';
export { classifyUserAgent } from './privacy/user-agent.js';
export { threadCpuMicros } from './lib/thread-cpu.js';
export { SyncPostgres } from './db/postgres/sync-postgres.js';
export { dialectOf } from './db/sql-dialect.js';
export type { DerivationProfile } from './features/ingest/derive/derivation-profile.js';
export { AudienceAnswerDeltas } from './features/ingest/derive/audience-answer-keys.js';
export { AudienceScoreCountDeltas } from './features/ingest/derive/audience-score-count-deltas.js';
export { AudiencePageRateDeltas } from './features/ingest/derive/audience-page-rate-deltas.js';
export { AudienceSessionRateDeltas } from './features/ingest/derive/audience-session-rate-deltas.js';
export { ReturningFlagMoves } from './features/responses/resolution-counts.js';
export { ReturningCohortCounts } from './features/ingest/derive/returning-cohort-counts.js';
export { scrubIngestEvent } from './privacy/scrub-ingest-event.js';
export { hashVisitor, VisitorSketch } from './lib/visitor-sketch.js';
export { sessionSampleLevel } from './lib/session-sample-level.js';
export { dayOf, hourOf, monthOf } from './lib/hour-bucket.js';
// The seeder resolves some complaints as PATCH /v1/responses/:id does (their counts and trait rows kept).
export { patchResponse } from './features/responses/responses-store.js';
