CREATE TABLE "audience_page_rates" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"path" text NOT NULL,
	"visits" bigint DEFAULT 0 NOT NULL,
	"pageviews" bigint DEFAULT 0 NOT NULL,
	"js_errors" bigint DEFAULT 0 NOT NULL,
	"scroll_sum" double precision DEFAULT 0 NOT NULL,
	"entries" bigint DEFAULT 0 NOT NULL,
	"engaged_entries" bigint DEFAULT 0 NOT NULL,
	"multi_page_entries" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_page_rates_site_id_trait_key_trait_value_hour_returning_path_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","path")
);
--> statement-breakpoint
CREATE TABLE "audience_page_rates_daily" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"path" text NOT NULL,
	"visits" bigint DEFAULT 0 NOT NULL,
	"pageviews" bigint DEFAULT 0 NOT NULL,
	"js_errors" bigint DEFAULT 0 NOT NULL,
	"scroll_sum" double precision DEFAULT 0 NOT NULL,
	"entries" bigint DEFAULT 0 NOT NULL,
	"engaged_entries" bigint DEFAULT 0 NOT NULL,
	"multi_page_entries" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_page_rates_daily_site_id_trait_key_trait_value_hour_returning_path_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","path")
);
--> statement-breakpoint
CREATE TABLE "audience_page_rates_monthly" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"path" text NOT NULL,
	"visits" bigint DEFAULT 0 NOT NULL,
	"pageviews" bigint DEFAULT 0 NOT NULL,
	"js_errors" bigint DEFAULT 0 NOT NULL,
	"scroll_sum" double precision DEFAULT 0 NOT NULL,
	"entries" bigint DEFAULT 0 NOT NULL,
	"engaged_entries" bigint DEFAULT 0 NOT NULL,
	"multi_page_entries" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_page_rates_monthly_site_id_trait_key_trait_value_hour_returning_path_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","path")
);
--> statement-breakpoint
-- The sessions stored before these counts, counted as the writer counts them
-- (features/ingest/derive/audience-page-rate-deltas.ts): each visit with a view or a scroll at its
-- page and hour, each session's entry at its entry page and hour, under '' and under each of the
-- session's traits, with its returning flag; then the daily and monthly tiers from the hourly rows.
INSERT INTO "audience_page_rates" ("site_id", "trait_key", "trait_value", "hour", "returning", "path", "visits", "pageviews", "js_errors", "scroll_sum", "entries", "engaged_entries", "multi_page_entries")
SELECT s.site_id, '', '', p.hour, s."returning", p.path, count(*), sum(p.pageviews), sum(p.js_errors), sum(p.max_scroll), 0, 0, 0
FROM sessions AS s JOIN session_pages AS p ON p.site_id = s.site_id AND p.session_id = s.session_id
WHERE p.pageviews > 0 OR p.max_scroll >= 0 GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT ("site_id", "trait_key", "trait_value", "hour", "returning", "path") DO UPDATE SET "visits" = "audience_page_rates"."visits" + excluded."visits", "pageviews" = "audience_page_rates"."pageviews" + excluded."pageviews", "js_errors" = "audience_page_rates"."js_errors" + excluded."js_errors", "scroll_sum" = "audience_page_rates"."scroll_sum" + excluded."scroll_sum", "entries" = "audience_page_rates"."entries" + excluded."entries", "engaged_entries" = "audience_page_rates"."engaged_entries" + excluded."engaged_entries", "multi_page_entries" = "audience_page_rates"."multi_page_entries" + excluded."multi_page_entries";
--> statement-breakpoint
INSERT INTO "audience_page_rates" ("site_id", "trait_key", "trait_value", "hour", "returning", "path", "visits", "pageviews", "js_errors", "scroll_sum", "entries", "engaged_entries", "multi_page_entries")
SELECT s.site_id, '', '', s.hour, s."returning", s.entry_path, 0, 0, 0, 0, count(*), sum(s.engaged), sum(CASE WHEN s.pageviews >= 2 THEN 1 ELSE 0 END)
FROM sessions AS s WHERE true GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT ("site_id", "trait_key", "trait_value", "hour", "returning", "path") DO UPDATE SET "visits" = "audience_page_rates"."visits" + excluded."visits", "pageviews" = "audience_page_rates"."pageviews" + excluded."pageviews", "js_errors" = "audience_page_rates"."js_errors" + excluded."js_errors", "scroll_sum" = "audience_page_rates"."scroll_sum" + excluded."scroll_sum", "entries" = "audience_page_rates"."entries" + excluded."entries", "engaged_entries" = "audience_page_rates"."engaged_entries" + excluded."engaged_entries", "multi_page_entries" = "audience_page_rates"."multi_page_entries" + excluded."multi_page_entries";
--> statement-breakpoint
INSERT INTO "audience_page_rates" ("site_id", "trait_key", "trait_value", "hour", "returning", "path", "visits", "pageviews", "js_errors", "scroll_sum", "entries", "engaged_entries", "multi_page_entries")
SELECT s.site_id, t.key, t.value, p.hour, s."returning", p.path, count(*), sum(p.pageviews), sum(p.js_errors), sum(p.max_scroll), 0, 0, 0
FROM session_traits AS t JOIN sessions AS s ON s.site_id = t.site_id AND s.session_id = t.session_id
JOIN session_pages AS p ON p.site_id = s.site_id AND p.session_id = s.session_id
WHERE p.pageviews > 0 OR p.max_scroll >= 0 GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT ("site_id", "trait_key", "trait_value", "hour", "returning", "path") DO UPDATE SET "visits" = "audience_page_rates"."visits" + excluded."visits", "pageviews" = "audience_page_rates"."pageviews" + excluded."pageviews", "js_errors" = "audience_page_rates"."js_errors" + excluded."js_errors", "scroll_sum" = "audience_page_rates"."scroll_sum" + excluded."scroll_sum", "entries" = "audience_page_rates"."entries" + excluded."entries", "engaged_entries" = "audience_page_rates"."engaged_entries" + excluded."engaged_entries", "multi_page_entries" = "audience_page_rates"."multi_page_entries" + excluded."multi_page_entries";
--> statement-breakpoint
INSERT INTO "audience_page_rates" ("site_id", "trait_key", "trait_value", "hour", "returning", "path", "visits", "pageviews", "js_errors", "scroll_sum", "entries", "engaged_entries", "multi_page_entries")
SELECT s.site_id, t.key, t.value, s.hour, s."returning", s.entry_path, 0, 0, 0, 0, count(*), sum(s.engaged), sum(CASE WHEN s.pageviews >= 2 THEN 1 ELSE 0 END)
FROM session_traits AS t JOIN sessions AS s ON s.site_id = t.site_id AND s.session_id = t.session_id
WHERE true GROUP BY 1, 2, 3, 4, 5, 6
ON CONFLICT ("site_id", "trait_key", "trait_value", "hour", "returning", "path") DO UPDATE SET "visits" = "audience_page_rates"."visits" + excluded."visits", "pageviews" = "audience_page_rates"."pageviews" + excluded."pageviews", "js_errors" = "audience_page_rates"."js_errors" + excluded."js_errors", "scroll_sum" = "audience_page_rates"."scroll_sum" + excluded."scroll_sum", "entries" = "audience_page_rates"."entries" + excluded."entries", "engaged_entries" = "audience_page_rates"."engaged_entries" + excluded."engaged_entries", "multi_page_entries" = "audience_page_rates"."multi_page_entries" + excluded."multi_page_entries";
--> statement-breakpoint
INSERT INTO "audience_page_rates_daily" ("site_id", "trait_key", "trait_value", "hour", "returning", "path", "visits", "pageviews", "js_errors", "scroll_sum", "entries", "engaged_entries", "multi_page_entries")
SELECT "site_id", "trait_key", "trait_value", "hour" - "hour" % 86400000, "returning", "path", sum("visits"), sum("pageviews"), sum("js_errors"), sum("scroll_sum"), sum("entries"), sum("engaged_entries"), sum("multi_page_entries") FROM "audience_page_rates" GROUP BY 1, 2, 3, 4, 5, 6;
--> statement-breakpoint
INSERT INTO "audience_page_rates_monthly" ("site_id", "trait_key", "trait_value", "hour", "returning", "path", "visits", "pageviews", "js_errors", "scroll_sum", "entries", "engaged_entries", "multi_page_entries")
SELECT "site_id", "trait_key", "trait_value", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "returning", "path", sum("visits"), sum("pageviews"), sum("js_errors"), sum("scroll_sum"), sum("entries"), sum("engaged_entries"), sum("multi_page_entries") FROM "audience_page_rates" GROUP BY 1, 2, 3, 4, 5, 6;
