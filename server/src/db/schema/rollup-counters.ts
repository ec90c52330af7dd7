// The counters of the rollup tables that ingestion adds to (features/ingest/writer/ingest-statements.ts)
// and the cubes read (db/cubes/cube-specs.ts), named once; the tables are in signal-rollups.ts.

export const PAGE_ROLLUP_COUNTERS = [
  'pageviews',
  'sessions',
  'engaged_ms',
  'scroll_sum',
  'clicks',
  'rage_clicks',
  'dead_clicks',
  'error_clicks',
  'js_errors',
] as const;

export const SESSION_ROLLUP_COUNTERS = [
  'sessions',
  'engaged_sessions',
  'multi_page_sessions',
  'frustrated_sessions',
  'responded_sessions',
  'pageviews',
  'engaged_ms',
] as const;

/** The page counters per visitor segment: plain clicks are not kept per segment. */
export const PAGE_SEGMENT_ROLLUP_COUNTERS = PAGE_ROLLUP_COUNTERS.filter(
  (c): c is Exclude<(typeof PAGE_ROLLUP_COUNTERS)[number], 'clicks'> => c !== 'clicks',
);

/** The session counters per visitor segment: conversions rather than frustration and answers. */
export const SESSION_SEGMENT_ROLLUP_COUNTERS = [
  'sessions',
  'engaged_sessions',
  'multi_page_sessions',
  'converted_sessions',
  'pageviews',
  'engaged_ms',
] as const;
