// The read API's rollup cubes. Ingestion writes hourly rollup tables (db/schema/signal-rollups.ts,
// prompt-rollups.ts, error-groups.ts, goals.ts, friction-rollups.ts); every cube below
// re-aggregates one or more of them into a daily and a monthly tier (UTC days and calendar months),
// kept current by the ingest writer in the same transaction as the hourly write (cube-tier-deltas.ts).
// Migrations 0004, 0007, 0008 and 0013 created them with SQLite triggers, which a later migration
// dropped: a change to a cube here is a migration of its tier tables (and backfill) plus this spec.
//
// Why tiers: at realistic traffic an hourly table holds 100+ rows per hour, so a one-year query
// would scan ~10^6 rows. A range is instead cut into whole months, whole days and edge hours
// (analytics/tier-plan.ts), so any range reads O(months + 2·days + 2·hours) rows per dimension value.
// Why projections (cubes with fewer dimensions than their source): summing a 30-day range of the
// full score table still touches every (prompt, path, device, language, score) row; a question that
// filters or groups by one dimension reads the smallest cube that has it.

import {
  PAGE_ROLLUP_COUNTERS,
  PAGE_SEGMENT_ROLLUP_COUNTERS,
  SESSION_ROLLUP_COUNTERS,
  SESSION_SEGMENT_ROLLUP_COUNTERS,
} from '../schema/rollup-counters.js';

export type DimType = 'text' | 'integer';

export interface CubeSource {
  /** Hourly table written by ingestion (its time column is `hour`). */
  table: string;
  /** Counters this source feeds; the cube's other counters get 0 from it. */
  counters: readonly string[];
  /** Source rows whose `column` holds `value` feed no tier of this cube. */
  except?: { column: string; value: string };
}

export interface CubeSpec {
  name: string;
  dims: readonly { name: string; type: DimType }[];
  counters: readonly { name: string; real?: boolean }[];
  sources: readonly CubeSource[];
  /**
   * Histogram cubes (Web Vitals) keep one JSON object {bucket: samples} per dimension tuple in the
   * tiers instead of one row per bucket: a month of one page's LCP is one row, not ~60.
   */
  histogram?: { bucket: string; samples: string };
  /**
   * Also keep an hourly tier: for projections of busy sources, whose edge hours and daily series
   * would otherwise scan every full-dimension source row of each hour (first added by migration 0007).
   */
  hourly?: boolean;
}

const text = (name: string) => ({ name, type: 'text' as const });
const int = (name: string) => ({ name, type: 'integer' as const });
const counters = (...names: readonly string[]) => names.map((name) => ({ name }));

const pageCounters = (names: readonly string[]) =>
  names.map((name) => (name === 'scroll_sum' ? { name, real: true } : { name }));
const scoreSource = [{ table: 'score_rollups', counters: ['responses', 'comments'] }];
const trafficSource = [{ table: 'session_segment_rollups', counters: SESSION_SEGMENT_ROLLUP_COUNTERS }];
const pageSegmentSource = [{ table: 'page_segment_rollups', counters: PAGE_SEGMENT_ROLLUP_COUNTERS }];
const scoreSegmentSource = [{ table: 'score_segment_rollups', counters: ['responses', 'comments'] }];
const displaySegmentSource = [{ table: 'display_segment_rollups', counters: ['shown', 'dismissed'] }];
const goalSegmentSource = [{ table: 'goal_segment_rollups', counters: ['conversions'] }];
const displaySource = [{ table: 'prompt_rollups', counters: ['shown', 'dismissed'] }];
const sessionSource = [{ table: 'session_rollups', counters: SESSION_ROLLUP_COUNTERS }];
const vitalSource = [{ table: 'vital_rollups', counters: [] }];
const vitalHistogram = { bucket: 'bucket', samples: 'samples' };
const resolutionSource = [{ table: 'resolution_rollups', counters: ['answers'] }];

export const CUBES = {
  page: {
    name: 'page',
    dims: [text('path'), text('device')],
    counters: pageCounters(PAGE_ROLLUP_COUNTERS),
    sources: [{ table: 'page_rollups', counters: PAGE_ROLLUP_COUNTERS }],
  },
  session: {
    name: 'session',
    dims: [text('entry_path'), text('device')],
    counters: counters(...SESSION_ROLLUP_COUNTERS),
    sources: sessionSource,
  },
  sessionDevice: {
    name: 'session_device',
    dims: [text('device')],
    counters: counters(...SESSION_ROLLUP_COUNTERS),
    sources: sessionSource,
    hourly: true,
  },
  frustrationClick: {
    name: 'frustration_click',
    dims: [text('path'), text('selector'), text('kind'), text('device')],
    counters: counters('events', 'clicks'),
    // Plain clicks are most of all clicks and the read API never lists them.
    sources: [{ table: 'click_rollups', counters: ['events', 'clicks'], except: { column: 'kind', value: 'click' } }],
  },
  error: {
    name: 'error',
    dims: [text('fingerprint'), text('path'), text('device')],
    counters: counters('errors', 'sessions'),
    sources: [
      { table: 'error_rollups', counters: ['errors'] },
      { table: 'error_session_rollups', counters: ['sessions'] },
    ],
  },
  vitalPage: {
    name: 'vital_page',
    dims: [text('path'), text('name')],
    counters: [],
    sources: vitalSource,
    histogram: vitalHistogram,
  },
  vitalPageDevice: {
    name: 'vital_page_device',
    dims: [text('path'), text('device'), text('name')],
    counters: [],
    sources: vitalSource,
    histogram: vitalHistogram,
  },
  scorePrompt: {
    name: 'score_prompt',
    dims: [text('prompt_id'), text('kind'), int('score')],
    counters: counters('responses', 'comments'),
    sources: scoreSource,
    hourly: true,
  },
  /**
   * Answers per page without prompt or device: what the touchpoints read (kind × path × score).
   * The page cube above keys every prompt and device too, several times the rows of a month.
   */
  scorePath: {
    name: 'score_path',
    dims: [text('kind'), text('path'), int('score')],
    counters: counters('responses', 'comments'),
    sources: scoreSource,
    hourly: true,
  },
  scorePage: {
    name: 'score_page',
    dims: [text('prompt_id'), text('kind'), text('path'), text('device'), int('score')],
    counters: counters('responses', 'comments'),
    sources: scoreSource,
    hourly: true,
  },
  scoreLanguage: {
    name: 'score_language',
    dims: [text('prompt_id'), text('kind'), text('device'), text('language'), int('score')],
    counters: counters('responses', 'comments'),
    sources: scoreSource,
    hourly: true,
  },
  score: {
    name: 'score',
    dims: [text('prompt_id'), text('kind'), text('path'), text('device'), text('language'), int('score')],
    counters: counters('responses', 'comments'),
    sources: scoreSource,
  },
  displayPrompt: {
    name: 'display_prompt',
    dims: [text('prompt_id')],
    counters: counters('shown', 'dismissed'),
    sources: displaySource,
    hourly: true,
  },
  displayPage: {
    name: 'display_page',
    dims: [text('prompt_id'), text('path'), text('device')],
    counters: counters('shown', 'dismissed'),
    sources: displaySource,
    hourly: true,
  },
  displayLanguage: {
    name: 'display_language',
    dims: [text('prompt_id'), text('device'), text('language')],
    counters: counters('shown', 'dismissed'),
    sources: displaySource,
    hourly: true,
  },
  display: {
    name: 'display',
    dims: [text('prompt_id'), text('path'), text('device'), text('language')],
    counters: counters('shown', 'dismissed'),
    sources: displaySource,
  },
  goal: {
    name: 'goal',
    dims: [text('name')],
    counters: counters('conversions', 'events'),
    sources: [{ table: 'goal_rollups', counters: ['conversions', 'events'] }],
  },
  friction: {
    name: 'friction',
    dims: [text('kind'), int('score'), int('mask')],
    counters: counters('responses'),
    sources: [{ table: 'friction_rollups', counters: ['responses'] }],
  },
  frictionPage: {
    name: 'friction_page',
    dims: [text('kind'), text('path'), int('score'), int('met')],
    counters: counters('responses'),
    sources: [{ table: 'friction_page_rollups', counters: ['responses'] }],
  },
  // Segment cubes (migration 0013): projections of the segment rollups, smallest first within each
  // source; a dimension listed first is the one its reads most often filter on (index prefix).
  trafficDevice: {
    name: 'traffic_device',
    dims: [text('device')],
    counters: counters(...SESSION_SEGMENT_ROLLUP_COUNTERS),
    sources: trafficSource,
    hourly: true,
  },
  trafficClient: {
    name: 'traffic_client',
    dims: [text('device'), text('browser'), text('language')],
    counters: counters(...SESSION_SEGMENT_ROLLUP_COUNTERS),
    sources: trafficSource,
    hourly: true,
  },
  traffic: {
    name: 'traffic',
    dims: [text('entry_path'), text('device'), text('browser'), text('language')],
    counters: counters(...SESSION_SEGMENT_ROLLUP_COUNTERS),
    sources: trafficSource,
  },
  pageClient: {
    name: 'page_client',
    dims: [text('device'), text('browser'), text('language')],
    counters: pageCounters(PAGE_SEGMENT_ROLLUP_COUNTERS),
    sources: pageSegmentSource,
    hourly: true,
  },
  pageSegment: {
    name: 'page_segment',
    dims: [text('path'), text('device'), text('browser'), text('language')],
    counters: pageCounters(PAGE_SEGMENT_ROLLUP_COUNTERS),
    sources: pageSegmentSource,
  },
  scoreClient: {
    name: 'score_client',
    dims: [text('browser'), text('prompt_id'), text('kind'), text('device'), text('language'), int('score')],
    counters: counters('responses', 'comments'),
    sources: scoreSegmentSource,
  },
  scoreSegment: {
    name: 'score_segment',
    dims: [
      text('browser'),
      text('prompt_id'),
      text('kind'),
      text('path'),
      text('device'),
      text('language'),
      int('score'),
    ],
    counters: counters('responses', 'comments'),
    sources: scoreSegmentSource,
  },
  displayClient: {
    name: 'display_client',
    dims: [text('browser'), text('prompt_id'), text('device'), text('language')],
    counters: counters('shown', 'dismissed'),
    sources: displaySegmentSource,
  },
  displaySegment: {
    name: 'display_segment',
    dims: [text('browser'), text('prompt_id'), text('path'), text('device'), text('language')],
    counters: counters('shown', 'dismissed'),
    sources: displaySegmentSource,
  },
  goalClient: {
    name: 'goal_client',
    dims: [text('name'), text('device'), text('browser'), text('language')],
    counters: counters('conversions'),
    sources: goalSegmentSource,
  },
  goalSegment: {
    name: 'goal_segment',
    dims: [text('name'), text('entry_path'), text('device'), text('browser'), text('language')],
    counters: counters('conversions'),
    sources: goalSegmentSource,
  },
  // Resolved answers by time-to-resolve bucket (schema/resolution-rollups.ts): the overview reads
  // the smallest that has its filters' dimensions. Counter cubes, not histograms: a read groups by
  // bucket, and the complaint rows (bucket −2) are read in the same statement.
  resolution: {
    name: 'resolution',
    dims: [int('bucket')],
    counters: counters('answers'),
    sources: resolutionSource,
  },
  resolutionClient: {
    name: 'resolution_client',
    dims: [text('device'), text('browser'), text('language'), int('bucket')],
    counters: counters('answers'),
    sources: resolutionSource,
  },
  resolutionSegment: {
    name: 'resolution_segment',
    dims: [text('path'), text('device'), text('browser'), text('language'), int('bucket')],
    counters: counters('answers'),
    sources: resolutionSource,
  },
} as const satisfies Record<string, CubeSpec>;

export type CubeName = keyof typeof CUBES;
/** The tiers every cube has; `hourly` only where the spec asks for it. */
export const TIERS = ['daily', 'monthly'] as const;
export type StoredTier = (typeof TIERS)[number] | 'hourly';
export const tiersOf = (cube: CubeSpec): StoredTier[] => (cube.hourly ? ['hourly', ...TIERS] : [...TIERS]);

export const tierTableName = (cube: CubeSpec, tier: StoredTier) => `${cube.name}_${tier}`;

/** The SQL condition keeping the source rows that feed the cube (`alias` names the source row). */
export function sourceWhereSql(source: CubeSource, alias: string): string | undefined {
  const except = source.except;
  return except && `${alias}.${except.column} <> '${except.value.replaceAll("'", "''")}'`;
}
