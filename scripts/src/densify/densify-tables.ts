// The one list of every table the densifier knows, and what it does with each (see
// densify-database.ts). A table that is not here makes it refuse the database: a new table in
// server/src/db/schema/ needs a decision here first.

/** How a copied row's id column is made fresh: `suffix` appends `-d<copy>`, `uuid` turns its first byte. */
/**
 * `sample-level`: not an id but drawn from one, the session's sample level (session_reaches',
 * session_traits' and sessions' sample_level), drawn again from the copy's session id; kept, every
 * copy would fall in its original's sample and a 1/32 sample of the copies would hold 1/32 of the originals ×K.
 */
/** `answer-sample-level`: the same for an answer's (responses' and response_traits' sample_level), drawn from the copy's display id. */
/**
 * `person-level`: the same for a person's (session_traits.person_level), drawn from the copy's
 * visitor id (its session's, suffixed as every visitor id is; 0 without one).
 */
export type IdRemap = 'suffix' | 'uuid' | 'identify-payload' | 'sample-level' | 'answer-sample-level' | 'person-level';

export type TableRule =
  /** Sites, prompts, users, keys, webhooks, the audit trail: one per site or operator, kept as is. */
  | { kind: 'config' }
  /** A backfill's progress: must be empty (a running backfill would walk the copies twice). */
  | { kind: 'backfill-state' }
  /**
   * Visitor-level rows (raw events, answers, sessions and what is kept per session, visitor,
   * customer or task run): repeated K−1 more times with the id columns remapped. Every column named
   * like an id must be in `remap` or `keep`, so a new id column forces a decision too.
   */
  | { kind: 'raw' | 'per-session' | 'per-visitor' | 'per-customer'; remap: Record<string, IdRemap>; keep?: string[] }
  /** Counters keyed by time bucket and dimensions: keys kept, every other (numeric) column × K. */
  | { kind: 'counter' }
  /** Counters as a JSON object of bucket → samples (`hist`): every bucket's count × K. */
  | { kind: 'histogram' }
  /** HyperLogLog sketches of distinct visitors: the copies' visitors are added, as ingest adds them. */
  | { kind: 'sketch' }
  /**
   * Derived from the sessions by a backfill the server runs once after its migrations: emptied, and
   * the backfill's `settings` row (`doneKey`) removed, so the next open fills it from the copies too.
   */
  | { kind: 'rebuilt'; doneKey: string };

const session = { session_id: 'suffix' } as const;
const counter: TableRule = { kind: 'counter' };
const config: TableRule = { kind: 'config' };

/** Counter families whose hourly / daily / monthly tiers share one shape. */
const counterFamilies = [
  'audience_clicks',
  'audience_dimension_engagement_counts',
  'audience_dimension_rates',
  'audience_engagement_counts',
  'audience_friction_page_rollups',
  'audience_friction_rollups',
  'audience_journey_rollups',
  'audience_page_rates',
  'audience_path_scores',
  'audience_resolutions',
  'audience_score_counts',
  'audience_session_rates',
  'audience_task_counts',
  'audience_task_score_counts',
  'band_conversion_counts',
  'journey_band_rollups',
  'journey_rollups',
  'page_conversion_counts',
  'saved_funnel_counts',
  'task_duration_rollups',
  'task_rollups',
  'task_score_rollups',
];
const tiered = (prefix: string, tiers: string[]) => tiers.map((t) => `${prefix}_${t}`);

const counters = [
  ...counterFamilies.flatMap((f) => [f, `${f}_daily`, `${f}_monthly`]),
  'click_rollups',
  'cohort_rollups',
  'customer_cohort_rollups',
  'returning_cohort_rollups',
  'audience_cohort_rollups',
  ...tiered('display', ['daily', 'monthly']),
  ...tiered('display_client', ['daily', 'monthly']),
  ...tiered('display_language', ['hourly', 'daily', 'monthly']),
  ...tiered('display_page', ['hourly', 'daily', 'monthly']),
  ...tiered('display_prompt', ['hourly', 'daily', 'monthly']),
  ...tiered('display_segment', ['rollups', 'daily', 'monthly']),
  ...tiered('engagement', ['rollups', 'daily', 'monthly']),
  ...tiered('engagement_total', ['rollups', 'daily', 'monthly']),
  ...tiered('error', ['rollups', 'daily', 'monthly']),
  ...tiered('error_rate', ['rollups', 'daily', 'monthly']),
  ...tiered('error_rate_total', ['rollups', 'daily', 'monthly']),
  'error_session_rollups',
  ...tiered('friction', ['rollups', 'daily', 'monthly']),
  ...tiered('friction_page', ['rollups', 'daily', 'monthly']),
  ...tiered('frustration_click', ['daily', 'monthly']),
  ...tiered('goal', ['rollups', 'daily', 'monthly']),
  ...tiered('goal_client', ['daily', 'monthly']),
  ...tiered('goal_segment', ['rollups', 'daily', 'monthly']),
  ...tiered('page', ['rollups', 'daily', 'monthly']),
  ...tiered('page_client', ['hourly', 'daily', 'monthly']),
  ...tiered('page_error', ['rollups', 'daily', 'monthly']),
  ...tiered('page_error_total', ['rollups', 'daily', 'monthly']),
  ...tiered('page_segment', ['rollups', 'daily', 'monthly']),
  ...tiered('plain_click', ['daily', 'monthly']),
  ...tiered('plain_click_total', ['daily', 'monthly']),
  'prompt_rollups',
  ...tiered('resolution', ['rollups', 'daily', 'monthly']),
  ...tiered('resolution_client', ['daily', 'monthly']),
  ...tiered('resolution_segment', ['daily', 'monthly']),
  ...tiered('score', ['rollups', 'daily', 'monthly']),
  ...tiered('score_client', ['daily', 'monthly']),
  ...tiered('score_language', ['hourly', 'daily', 'monthly']),
  ...tiered('score_page', ['hourly', 'daily', 'monthly']),
  ...tiered('score_path', ['hourly', 'daily', 'monthly']),
  ...tiered('score_prompt', ['hourly', 'daily', 'monthly']),
  ...tiered('score_segment', ['rollups', 'daily', 'monthly']),
  ...tiered('session', ['rollups', 'daily', 'monthly']),
  ...tiered('session_device', ['hourly', 'daily', 'monthly']),
  'session_segment_rollups',
  ...tiered('traffic', ['daily', 'monthly']),
  ...tiered('traffic_client', ['hourly', 'daily', 'monthly']),
  ...tiered('traffic_device', ['hourly', 'daily', 'monthly']),
  'trait_score_rollups',
  'vital_rollups',
];

export const TABLES: Readonly<Record<string, TableRule>> = {
  // Configuration and operator state.
  __drizzle_migrations: config,
  settings: config,
  sites: config,
  prompt_settings: config,
  prompts: config,
  page_groups: config,
  funnel_keys: config,
  saved_funnels: config,
  saved_funnel_garbage: config,
  // One row per error fingerprint (message, first and last seen): the copies add no new fingerprint.
  error_groups: config,
  // A count of late commits: the copies land in the hours their originals did, so nothing is late.
  closed_hour_generations: config,
  link_secrets: config,
  users: config,
  user_sites: config,
  login_sessions: config,
  setup_tokens: config,
  shares: config,
  share_sessions: config,
  site_deletions: config,
  audit_log: config,
  webhooks: config,
  webhook_deliveries: config,
  webhook_attempts: config,
  band_conversion_backfill: { kind: 'backfill-state' },
  page_conversion_backfill: { kind: 'backfill-state' },

  // Raw rows.
  events: {
    kind: 'raw',
    remap: {
      id: 'uuid',
      session_id: 'suffix',
      visitor_id: 'suffix',
      display_id: 'uuid',
      payload: 'identify-payload',
    },
    keep: ['site_id', 'prompt_id'],
  },
  responses: {
    kind: 'raw',
    remap: {
      display_id: 'uuid',
      session_id: 'suffix',
      visitor_id: 'suffix',
      customer_id: 'suffix',
      sample_level: 'answer-sample-level',
    },
    keep: ['site_id', 'prompt_id'],
  },
  // An answer's traits: the answer's remap, so a copy's traits name the copied answer (and its level).
  response_traits: {
    kind: 'raw',
    remap: { display_id: 'uuid', sample_level: 'answer-sample-level' },
    keep: ['site_id'],
  },

  // Per session.
  sessions: {
    kind: 'per-session',
    remap: { session_id: 'suffix', visitor_id: 'suffix', customer_id: 'suffix', sample_level: 'sample-level' },
    keep: ['site_id'],
  },
  session_pages: { kind: 'per-session', remap: session, keep: ['site_id'] },
  session_errors: { kind: 'per-session', remap: session, keep: ['site_id'] },
  session_goals: { kind: 'per-session', remap: session, keep: ['site_id'] },
  session_clicks: { kind: 'per-session', remap: session, keep: ['site_id'] },
  session_reaches: {
    kind: 'per-session',
    remap: { session_id: 'suffix', sample_level: 'sample-level' },
    keep: ['site_id', 'key_id'],
  },
  session_steps: { kind: 'per-session', remap: session, keep: ['site_id'] },
  session_traits: {
    kind: 'per-session',
    remap: { session_id: 'suffix', visitor_id: 'suffix', sample_level: 'sample-level', person_level: 'person-level' },
    keep: ['site_id'],
  },
  band_conversion_sessions: { kind: 'per-session', remap: session, keep: ['site_id'] },
  saved_funnel_sessions: { kind: 'per-session', remap: session, keep: ['site_id', 'funnel_id'] },
  task_runs: {
    kind: 'per-session',
    remap: { run_id: 'uuid', session_id: 'suffix', visitor_id: 'suffix' },
    keep: ['site_id'],
  },
  // The same remaps as the answer's and the run's, so a copied link joins its copied answer and run.
  task_answer_links: {
    kind: 'per-session',
    remap: { display_id: 'uuid', run_id: 'uuid', session_id: 'suffix' },
    keep: ['site_id'],
  },
  customer_sessions: {
    kind: 'per-session',
    remap: { customer_id: 'suffix', session_id: 'suffix' },
    keep: ['site_id'],
  },

  // Per visitor and per identified customer (the copies are new visitors and customers).
  visitor_cohorts: { kind: 'per-visitor', remap: { visitor_id: 'suffix' }, keep: ['site_id'] },
  visitor_periods: { kind: 'per-visitor', remap: { visitor_id: 'suffix' }, keep: ['site_id'] },
  visitor_trait_sessions: { kind: 'per-visitor', remap: { visitor_id: 'suffix' }, keep: ['site_id'] },
  customer_cohorts: { kind: 'per-customer', remap: { customer_id: 'suffix' }, keep: ['site_id'] },
  customer_periods: { kind: 'per-customer', remap: { customer_id: 'suffix' }, keep: ['site_id'] },

  // Derived counters.
  ...Object.fromEntries(counters.map((t) => [t, counter])),
  ...Object.fromEntries(
    ['vital_page_daily', 'vital_page_monthly', 'vital_page_device_daily', 'vital_page_device_monthly'].map((t) => [
      t,
      { kind: 'histogram' } as const,
    ]),
  ),
  visitor_sketches: { kind: 'sketch' },
  visitor_segment_sketches: { kind: 'sketch' },
  // Sketches by who the session is: rebuilt from the densified sessions by db/backfill-audience-sketches.ts.
  audience_visitor_sketches: { kind: 'rebuilt', doneKey: 'backfill.audience_visitor_sketches' },
  audience_dimension_sketches: { kind: 'rebuilt', doneKey: 'backfill.audience_dimension_sketches' },
};

/** SQLite's own tables: sqlite_stat1/4 are refreshed with ANALYZE at the end when present. */
export const isSqliteInternal = (table: string): boolean => table.startsWith('sqlite_');
