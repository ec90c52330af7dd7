import path from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { packageRoot } from '../package-root.js';
import { backfillAudienceAnswers } from './backfill-audience-answers.js';
import { backfillAudienceCohorts } from './backfill-audience-cohorts.js';
import { backfillAudienceSketches } from './backfill-audience-sketches.js';
import { backfillMonthSketches } from './backfill-month-sketches.js';
import { backfillReturningCohorts } from './backfill-returning-cohorts.js';
import { backfillSampleLevels } from './backfill-sample-levels.js';
import { backfillSegmentSketches } from './backfill-segment-sketches.js';
import type { Db } from './open-database.js';

/**
 * Applies the committed drizzle-kit migrations (server/drizzle/), then the data migrations SQL
 * cannot do (visitor sketches per segment, then their monthly tier; the funnels', the answers' and the trait rows' people's sample levels;
 * the audience counts of older answers; the cohort counts of the returning visitors; the
 * audience visitor sketches of older sessions; the retention cohorts under a trait);
 * safe to run on every start.
 */
export function migrateDatabase(db: Db): void {
  try {
    migrateOnce(db);
  } catch {
    // Two processes opening one new file at once (the server and `npm run user`, say) both find it
    // unmigrated; the loser's CREATE TABLE or its `settings` row then fails on what the winner just
    // committed. Each step is one transaction that records itself, so a second pass (after the
    // busy timeout has waited out the winner's) finds it done; a real failure fails again.
    migrateOnce(db);
  }
}

function migrateOnce(db: Db): void {
  migrate(db, { migrationsFolder: path.join(packageRoot(), 'drizzle') });
  backfillSegmentSketches(db);
  backfillMonthSketches(db);
  backfillSampleLevels(db);
  backfillAudienceAnswers(db);
  backfillReturningCohorts(db);
  backfillAudienceSketches(db);
  backfillAudienceCohorts(db);
}
