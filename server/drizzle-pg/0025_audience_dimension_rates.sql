CREATE TABLE "audience_dimension_rates" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"dim" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"value" text NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	"engaged" bigint DEFAULT 0 NOT NULL,
	"converted" bigint DEFAULT 0 NOT NULL,
	"pageviews" bigint DEFAULT 0 NOT NULL,
	"engaged_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_dimension_rates_site_id_trait_key_trait_value_dim_hour_returning_device_value_pk" PRIMARY KEY("site_id","trait_key","trait_value","dim","hour","returning","device","value")
);
--> statement-breakpoint
CREATE TABLE "audience_dimension_rates_daily" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"dim" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"value" text NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	"engaged" bigint DEFAULT 0 NOT NULL,
	"converted" bigint DEFAULT 0 NOT NULL,
	"pageviews" bigint DEFAULT 0 NOT NULL,
	"engaged_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_dimension_rates_daily_site_id_trait_key_trait_value_dim_hour_returning_device_value_pk" PRIMARY KEY("site_id","trait_key","trait_value","dim","hour","returning","device","value")
);
--> statement-breakpoint
CREATE TABLE "audience_dimension_rates_monthly" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"dim" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"value" text NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	"engaged" bigint DEFAULT 0 NOT NULL,
	"converted" bigint DEFAULT 0 NOT NULL,
	"pageviews" bigint DEFAULT 0 NOT NULL,
	"engaged_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_dimension_rates_monthly_site_id_trait_key_trait_value_dim_hour_returning_device_value_pk" PRIMARY KEY("site_id","trait_key","trait_value","dim","hour","returning","device","value")
);
--> statement-breakpoint
CREATE TABLE "audience_dimension_sketches" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"dim" text NOT NULL,
	"tier" text NOT NULL,
	"start" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"value" text NOT NULL,
	"visitors" "bytea" NOT NULL,
	CONSTRAINT "audience_dimension_sketches_site_id_trait_key_trait_value_dim_tier_start_returning_device_value_pk" PRIMARY KEY("site_id","trait_key","trait_value","dim","tier","start","returning","device","value")
);
--> statement-breakpoint
-- The sessions stored before these counts, counted as the writer counts them
-- (features/ingest/derive/audience-dimension-rate-deltas.ts): each session in the hour it started,
-- with its returning flag and device, under '' and under each of its traits, once per dimension
-- with its browser, language or entry path; then the daily and monthly tiers from the hourly rows.
-- The two first statements' keys are disjoint (trait names are never ''). The sketches by browser
-- and language are filled after the migrations (db/backfill-audience-sketches.ts).
INSERT INTO "audience_dimension_rates" ("site_id", "trait_key", "trait_value", "dim", "hour", "returning", "device", "value", "sessions", "engaged", "converted", "pageviews", "engaged_ms")
SELECT s.site_id, '', '', d.dim, s.hour, s."returning", s.device, CASE d.dim WHEN 'browser' THEN s.browser WHEN 'language' THEN s.language ELSE s.entry_path END, count(*), sum(s.engaged), sum(CASE WHEN s.tracks > 0 THEN 1 ELSE 0 END), sum(s.pageviews), sum(s.engaged_ms)
FROM sessions AS s CROSS JOIN (SELECT 'browser' AS dim UNION ALL SELECT 'language' UNION ALL SELECT 'entryPage') AS d GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO "audience_dimension_rates" ("site_id", "trait_key", "trait_value", "dim", "hour", "returning", "device", "value", "sessions", "engaged", "converted", "pageviews", "engaged_ms")
SELECT s.site_id, t.key, t.value, d.dim, s.hour, s."returning", s.device, CASE d.dim WHEN 'browser' THEN s.browser WHEN 'language' THEN s.language ELSE s.entry_path END, count(*), sum(s.engaged), sum(CASE WHEN s.tracks > 0 THEN 1 ELSE 0 END), sum(s.pageviews), sum(s.engaged_ms)
FROM session_traits AS t JOIN sessions AS s ON s.site_id = t.site_id AND s.session_id = t.session_id
CROSS JOIN (SELECT 'browser' AS dim UNION ALL SELECT 'language' UNION ALL SELECT 'entryPage') AS d GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO "audience_dimension_rates_daily" ("site_id", "trait_key", "trait_value", "dim", "hour", "returning", "device", "value", "sessions", "engaged", "converted", "pageviews", "engaged_ms")
SELECT "site_id", "trait_key", "trait_value", "dim", "hour" - "hour" % 86400000, "returning", "device", "value", sum("sessions"), sum("engaged"), sum("converted"), sum("pageviews"), sum("engaged_ms") FROM "audience_dimension_rates" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO "audience_dimension_rates_monthly" ("site_id", "trait_key", "trait_value", "dim", "hour", "returning", "device", "value", "sessions", "engaged", "converted", "pageviews", "engaged_ms")
SELECT "site_id", "trait_key", "trait_value", "dim", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "returning", "device", "value", sum("sessions"), sum("engaged"), sum("converted"), sum("pageviews"), sum("engaged_ms") FROM "audience_dimension_rates" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
