import { type AnyPgColumn, bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { counterColumn } from './counter-column.js';

// The PostgreSQL twin of db/schema/audience-clicks.ts: the same tables, columns and keys, whose
// meaning is documented there; the types follow the mapping in schema-pg/index.ts.

const columns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  kind: text('kind').notNull(),
  hour: bigint('hour', { mode: 'number' }).notNull(),
  returning: bigint('returning', { mode: 'number' }).notNull(),
  device: text('device').notNull(),
  path: text('path').notNull(),
  selector: text('selector').notNull(),
  events: counterColumn('events'),
  clicks: counterColumn('clicks'),
});

type KeyColumns = {
  [K in
    | 'siteId'
    | 'traitKey'
    | 'traitValue'
    | 'kind'
    | 'hour'
    | 'returning'
    | 'device'
    | 'path'
    | 'selector']: AnyPgColumn;
};
const key = (t: KeyColumns) =>
  primaryKey({
    columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.device, t.path, t.selector],
  });

export const audienceClicks = pgTable('audience_clicks', columns(), (t) => [key(t)]);
export const audienceClicksDaily = pgTable('audience_clicks_daily', columns(), (t) => [key(t)]);
export const audienceClicksMonthly = pgTable('audience_clicks_monthly', columns(), (t) => [key(t)]);
