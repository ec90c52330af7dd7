CREATE TABLE "audience_cohort_rollups" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"returning" bigint NOT NULL,
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
	CONSTRAINT "audience_cohort_rollups_site_id_trait_key_trait_value_returning_interval_cohort_period_device_browser_language_pk" PRIMARY KEY("site_id","trait_key","trait_value","returning","interval","cohort","period","device","browser","language")
);
--> statement-breakpoint
CREATE TABLE "visitor_trait_sessions" (
	"site_id" text NOT NULL,
	"visitor_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"returning" bigint NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "visitor_trait_sessions_site_id_visitor_id_trait_key_trait_value_returning_pk" PRIMARY KEY("site_id","visitor_id","trait_key","trait_value","returning")
);
--> statement-breakpoint
-- Backfill: who is in which audience, from the stored sessions and their traits; then each visitor's counts under each audience (returning 0 or 1 as their sessions', and 2: either), as the writer counts them (derive/audience-cohort-counts.ts): a visitor's cohort is the week (Monday) or month of their first session in the site's time zone; SQLite's backfill runs the writer's own code (db/backfill-audience-cohorts.ts).
INSERT INTO "visitor_trait_sessions" ("site_id", "visitor_id", "trait_key", "trait_value", "returning", "sessions") SELECT s.site_id, s.visitor_id, t.key, t.value, s."returning", count(*) FROM sessions AS s JOIN session_traits AS t ON t.site_id = s.site_id AND t.session_id = s.session_id WHERE s.visitor_id IS NOT NULL GROUP BY s.site_id, s.visitor_id, t.key, t.value, s."returning";--> statement-breakpoint
WITH aud AS (SELECT site_id, visitor_id, trait_key, trait_value, "returning" FROM visitor_trait_sessions UNION SELECT site_id, visitor_id, trait_key, trait_value, 2 FROM visitor_trait_sessions), vp AS (SELECT c.site_id, c.visitor_id, p."interval", to_char(date_trunc(p."interval", to_timestamp(c.first_ts / 1000.0) AT TIME ZONE s.time_zone), 'YYYY-MM-DD') AS cohort, p.period, c.device, c.browser, c.language, p.converted, CASE p."interval" WHEN 'week' THEN c.converted_weeks_before ELSE c.converted_months_before END AS before FROM visitor_cohorts c JOIN sites s ON s.id = c.site_id JOIN visitor_periods p ON p.site_id = c.site_id AND p.visitor_id = c.visitor_id WHERE EXISTS (SELECT 1 FROM visitor_trait_sessions a WHERE a.site_id = c.site_id AND a.visitor_id = c.visitor_id)), per_visitor AS (SELECT site_id, visitor_id, "interval", cohort, device, browser, language, sum(converted) + max(before) AS n FROM vp GROUP BY site_id, visitor_id, "interval", cohort, device, browser, language), counted AS (SELECT site_id, visitor_id, "interval", cohort, period, device, browser, language, 1 AS visitors, converted AS converters, 0 AS converted_visitors, 0 AS repeat_converters FROM vp UNION ALL SELECT site_id, visitor_id, "interval", cohort, cohort, device, browser, language, 0, 0, CASE WHEN n >= 1 THEN 1 ELSE 0 END, CASE WHEN n >= 2 THEN 1 ELSE 0 END FROM per_visitor) INSERT INTO audience_cohort_rollups (site_id, trait_key, trait_value, "returning", "interval", cohort, period, device, browser, language, visitors, converters, converted_visitors, repeat_converters) SELECT x.site_id, a.trait_key, a.trait_value, a."returning", x."interval", x.cohort, x.period, x.device, x.browser, x.language, sum(x.visitors), sum(x.converters), sum(x.converted_visitors), sum(x.repeat_converters) FROM counted x JOIN aud a ON a.site_id = x.site_id AND a.visitor_id = x.visitor_id GROUP BY x.site_id, a.trait_key, a.trait_value, a."returning", x."interval", x.cohort, x.period, x.device, x.browser, x.language;
