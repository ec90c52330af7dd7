import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/audience-resolutions.ts: the same tables, columns and keys,
// whose meaning is documented there; the types follow the mapping in schema-pg/index.ts.

const columns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  returning: bigint('returning', { mode: 'number' }).notNull(),
  device: text('device').notNull(),
  bucket: bigint('bucket', { mode: 'number' }).notNull(),
  answers: counterColumn('answers'),
});

export const audienceResolutions = pgTable('audience_resolutions', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.bucket] }),
]);
export const audienceResolutionsDaily = pgTable('audience_resolutions_daily', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.bucket] }),
]);
export const audienceResolutionsMonthly = pgTable('audience_resolutions_monthly', columns(), (t) => [
  primaryKey({ columns: [t.siteId, t.traitKey, t.traitValue, t.hour, t.returning, t.device, t.bucket] }),
]);
