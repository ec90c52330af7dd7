CREATE TABLE "audience_dimension_engagement_counts" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"dim" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"value" text NOT NULL,
	"bucket" bigint NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	"engaged_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_dimension_engagement_counts_site_id_trait_key_trait_value_dim_hour_returning_device_value_bucket_pk" PRIMARY KEY("site_id","trait_key","trait_value","dim","hour","returning","device","value","bucket")
);
--> statement-breakpoint
CREATE TABLE "audience_dimension_engagement_counts_daily" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"dim" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"value" text NOT NULL,
	"bucket" bigint NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	"engaged_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_dimension_engagement_counts_daily_site_id_trait_key_trait_value_dim_hour_returning_device_value_bucket_pk" PRIMARY KEY("site_id","trait_key","trait_value","dim","hour","returning","device","value","bucket")
);
--> statement-breakpoint
CREATE TABLE "audience_dimension_engagement_counts_monthly" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"dim" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"value" text NOT NULL,
	"bucket" bigint NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	"engaged_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_dimension_engagement_counts_monthly_site_id_trait_key_trait_value_dim_hour_returning_device_value_bucket_pk" PRIMARY KEY("site_id","trait_key","trait_value","dim","hour","returning","device","value","bucket")
);
--> statement-breakpoint
-- The sessions stored before these counts, counted as the writer counts them
-- (features/ingest/derive/audience-engagement-deltas.ts): each session in the hour it started, with
-- its returning flag and device, under '' and under each of its traits, once by its browser and once
-- by its language, in the engagement histogram's log bucket of its engaged time (as
-- 0027_audience_engagement_counts.sql buckets it); then the daily and monthly tiers from the hourly
-- rows. The two first statements' keys are disjoint (trait names are never '').
INSERT INTO "audience_dimension_engagement_counts" ("site_id", "trait_key", "trait_value", "dim", "hour", "returning", "device", "value", "bucket", "sessions", "engaged_ms")
SELECT s.site_id, '', '', d.dim, s.hour, s."returning", s.device, CASE d.dim WHEN 'browser' THEN s.browser ELSE s.language END, CASE WHEN s.engaged_ms < 1 THEN -1 ELSE greatest(0, CAST(ceil(ln(CAST(s.engaged_ms AS double precision)) / ln((1 + CAST(0.05 AS double precision)) / (1 - CAST(0.05 AS double precision)))) AS bigint)) END, count(*), sum(s.engaged_ms)
FROM sessions AS s CROSS JOIN (SELECT 'browser' AS dim UNION ALL SELECT 'language') AS d GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
--> statement-breakpoint
INSERT INTO "audience_dimension_engagement_counts" ("site_id", "trait_key", "trait_value", "dim", "hour", "returning", "device", "value", "bucket", "sessions", "engaged_ms")
SELECT s.site_id, t.key, t.value, d.dim, s.hour, s."returning", s.device, CASE d.dim WHEN 'browser' THEN s.browser ELSE s.language END, CASE WHEN s.engaged_ms < 1 THEN -1 ELSE greatest(0, CAST(ceil(ln(CAST(s.engaged_ms AS double precision)) / ln((1 + CAST(0.05 AS double precision)) / (1 - CAST(0.05 AS double precision)))) AS bigint)) END, count(*), sum(s.engaged_ms)
FROM session_traits AS t JOIN sessions AS s ON s.site_id = t.site_id AND s.session_id = t.session_id
CROSS JOIN (SELECT 'browser' AS dim UNION ALL SELECT 'language') AS d GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
--> statement-breakpoint
INSERT INTO "audience_dimension_engagement_counts_daily" ("site_id", "trait_key", "trait_value", "dim", "hour", "returning", "device", "value", "bucket", "sessions", "engaged_ms")
SELECT "site_id", "trait_key", "trait_value", "dim", "hour" - "hour" % 86400000, "returning", "device", "value", "bucket", sum("sessions"), sum("engaged_ms") FROM "audience_dimension_engagement_counts" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
--> statement-breakpoint
INSERT INTO "audience_dimension_engagement_counts_monthly" ("site_id", "trait_key", "trait_value", "dim", "hour", "returning", "device", "value", "bucket", "sessions", "engaged_ms")
SELECT "site_id", "trait_key", "trait_value", "dim", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "returning", "device", "value", "bucket", sum("sessions"), sum("engaged_ms") FROM "audience_dimension_engagement_counts" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
