import { cohortRollupTable } from './cohort-rollup-table.js';

/**
 * The cohort table of the returning visitors (`GET /v1/metrics/retention?returning=true`): the
 * counts of cohort_rollups (db/schema/visitor-cohorts.ts), same keys and meaning, of the visitors
 * with a returning session only. A visitor enters with every period counted so far when their
 * first returning session is stored (derive/returning-cohort-counts.ts, flagged by
 * visitor_cohorts.counted_returning); from then on each count cohort-deltas.ts makes for them
 * lands here too. Counts, kept like cohort_rollups through the retention job and erasures.
 */
export const returningCohortRollups = cohortRollupTable('returning_cohort_rollups');
