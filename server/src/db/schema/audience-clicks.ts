import { type AnySQLiteColumn, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { counterColumn } from './counter-column.js';

// The clicks of session_clicks counted by who the session is: one trait (name, value) of the
// session, or none (trait_key = '': every session), and new vs returning, as
// audience-page-rates.ts counts the page visits. A clicks question that names an audience of at
// most one trait reads these instead of the audience's sessions and their clicks of the range.
// Each session counts under its traits and returning flag as they are now (session_traits,
// sessions.returning): when an identify call changes them, the writer moves the session's whole
// clicks from the old keys to the new (features/ingest/derive/audience-click-deltas.ts).
// By UTC hour, day and month (`hour` = the unit's first hour), read as in analytics/tier-plan.ts.
// The kind comes before the hour in the key: plain clicks are most rows, and a read of the
// frustration kinds is then one index range per kind and span that never walks them. The device
// stays (the route filters by it): without it the rows at 10 M events were 3 % (hourly) to 17 %
// (daily) fewer (docs/query-speed.md, "Clicks under an audience").

const columns = () => ({
  siteId: text('site_id').notNull(),
  traitKey: text('trait_key').notNull(),
  traitValue: text('trait_value').notNull(),
  /** click | rage | dead | error */
  kind: text('kind').notNull(),
  hour: integer('hour').notNull(),
  /** 1: the session was a returning visitor's (`sessions.returning`). */
  returning: integer('returning').notNull(),
  device: text('device').notNull(),
  path: text('path').notNull(),
  selector: text('selector').notNull(),
  /** Events (a rage burst is one) and clicks (a rage burst's count), as in session_clicks. */
  events: counterColumn('events'),
  clicks: counterColumn('clicks'),
});

// The key, in the order named above (the kind before the hour).
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
    | 'selector']: AnySQLiteColumn;
};
const key = (t: KeyColumns) =>
  primaryKey({
    columns: [t.siteId, t.traitKey, t.traitValue, t.kind, t.hour, t.returning, t.device, t.path, t.selector],
  });

export const audienceClicks = sqliteTable('audience_clicks', columns(), (t) => [key(t)]);
export const audienceClicksDaily = sqliteTable('audience_clicks_daily', columns(), (t) => [key(t)]);
export const audienceClicksMonthly = sqliteTable('audience_clicks_monthly', columns(), (t) => [key(t)]);
