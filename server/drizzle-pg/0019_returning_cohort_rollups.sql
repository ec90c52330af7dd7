CREATE TABLE "returning_cohort_rollups" (
	"site_id" text NOT NULL,
	"interval" text NOT NULL,
	"cohort" text NOT NULL,
	"period" text NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"visitors" bigint DEFAULT 0 NOT NULL,
	"converters" bigint DEFAULT 0 NOT NULL,
	"converted_visitors" bigint DEFAULT 0 NOT NULL,
	"repeat_converters" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "returning_cohort_rollups_site_id_interval_cohort_period_device_browser_language_pk" PRIMARY KEY("site_id","interval","cohort","period","device","browser","language")
);
--> statement-breakpoint
ALTER TABLE "visitor_cohorts" ADD COLUMN "counted_returning" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The visitors with a returning session stored before the table, flagged, then counted as the writer counts them (derive/returning-cohort-counts.ts): a visitor's cohort is the week (Monday) or month of their first session in the site's time zone; SQLite's backfill runs the writer's own code (db/backfill-returning-cohorts.ts).
UPDATE "visitor_cohorts" SET "counted_returning" = 1 WHERE "returned_ts" IS NOT NULL;--> statement-breakpoint
WITH vp AS (SELECT c.site_id, c.visitor_id, p."interval", to_char(date_trunc(p."interval", to_timestamp(c.first_ts / 1000.0) AT TIME ZONE s.time_zone), 'YYYY-MM-DD') AS cohort, p.period, c.device, c.browser, c.language, p.converted, CASE p."interval" WHEN 'week' THEN c.converted_weeks_before ELSE c.converted_months_before END AS before FROM visitor_cohorts c JOIN sites s ON s.id = c.site_id JOIN visitor_periods p ON p.site_id = c.site_id AND p.visitor_id = c.visitor_id WHERE c.counted_returning = 1), per_visitor AS (SELECT site_id, "interval", cohort, device, browser, language, sum(converted) + max(before) AS n FROM vp GROUP BY site_id, visitor_id, "interval", cohort, device, browser, language) INSERT INTO returning_cohort_rollups (site_id, "interval", cohort, period, device, browser, language, visitors, converters, converted_visitors, repeat_converters) SELECT site_id, "interval", cohort, period, device, browser, language, sum(visitors), sum(converters), sum(converted_visitors), sum(repeat_converters) FROM (SELECT site_id, "interval", cohort, period, device, browser, language, 1 AS visitors, converted AS converters, 0 AS converted_visitors, 0 AS repeat_converters FROM vp UNION ALL SELECT site_id, "interval", cohort, cohort, device, browser, language, 0, 0, CASE WHEN n >= 1 THEN 1 ELSE 0 END, CASE WHEN n >= 2 THEN 1 ELSE 0 END FROM per_visitor) x GROUP BY site_id, "interval", cohort, period, device, browser, language;
