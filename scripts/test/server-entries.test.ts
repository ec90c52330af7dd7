import * as server from '@loupe/server';
import * as internal from '@loupe/server/internal';
import { describe, expect, it } from 'vitest';

// The ingest path's parts (and the storage under them) are the benchmarks' and the seeder's
// business, not the server's API.
const INGEST_PARTS = [
  'createEventWriter',
  'threadedCommitBackend',
  'prepareEvents',
  'toIngestRow',
  'createIngestStore',
  'eventRowValues',
  'INSERT_EVENT_SQL',
  'encodeRowGroups',
  'decodeRowGroups',
  // The ingest benchmark times these parts one by one and reads the writer thread's CPU.
  'classifyUserAgent',
  'fastParseEvent',
  'collectBodyValidatorCompiler',
  'fastParseEnvelope',
  'fastParseScrubbedEvent',
  'scrubIngestEvent',
  'threadCpuMicros',
  // bench-sync-postgres times the synchronous PostgreSQL connection against better-sqlite3.
  'SyncPostgres',
  // The seeder picks the few statements whose text differs on PostgreSQL.
  'dialectOf',
  // bench-audience-answer-writes drops the audience counts' deltas to time what they cost the writer.
  'AudienceAnswerDeltas',
  // bench-audience-score-writes drops the answers by who gave them at three grains likewise.
  'AudienceScoreCountDeltas',
  'AudiencePageRateDeltas',
  // bench-returning-cohort-writes keeps no returning visitor to time what their cohort table costs.
  'ReturningCohortCounts',
  'AudienceSessionRateDeltas',
  // bench-audience-resolution-writes drops the move of resolved answers between returning flags.
  'ReturningFlagMoves',
  // The densifier adds its copies' visitors to the stored sketches as ingest does.
  'hashVisitor',
  // …and draws each copied session's funnel sample level from its own id, as ingest does.
  'sessionSampleLevel',
  'VisitorSketch',
  'hourOf',
  'dayOf',
  'monthOf',
  // The seeder resolves some complaints as PATCH /v1/responses/:id does.
  'patchResponse',
];

describe('@loupe/server entry points', () => {
  it('the public entry offers the app, config, database, sites and prompts, and no ingest internals', () => {
    expect(Object.keys(server)).toEqual(
      expect.arrayContaining([
        'buildApp',
        'loadConfig',
        'openDatabase',
        'migrateDatabase',
        'openServerDatabase',
        'createSite',
        'createPrompt',
      ]),
    );
    expect(Object.keys(server).filter((name) => INGEST_PARTS.includes(name))).toEqual([]);
  });

  it('@loupe/server/internal offers the ingest parts, and only them', () => {
    expect(Object.keys(internal).sort()).toEqual([...INGEST_PARTS].sort());
  });
});
