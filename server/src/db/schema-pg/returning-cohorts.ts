import { cohortRollupTable } from './cohort-rollup-table.js';

// The PostgreSQL twin of db/schema/returning-cohorts.ts: the same table, columns and key, whose
// meaning is documented there.

export const returningCohortRollups = cohortRollupTable('returning_cohort_rollups');
