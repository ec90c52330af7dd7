CREATE TABLE "audience_engagement_counts" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"bucket" bigint NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	"engaged_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_engagement_counts_site_id_trait_key_trait_value_hour_returning_device_bucket_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","device","bucket")
);
--> statement-breakpoint
CREATE TABLE "audience_engagement_counts_daily" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"bucket" bigint NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	"engaged_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_engagement_counts_daily_site_id_trait_key_trait_value_hour_returning_device_bucket_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","device","bucket")
);
--> statement-breakpoint
CREATE TABLE "audience_engagement_counts_monthly" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"bucket" bigint NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	"engaged_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_engagement_counts_monthly_site_id_trait_key_trait_value_hour_returning_device_bucket_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","device","bucket")
);
--> statement-breakpoint
-- The sessions stored before these counts, counted as the writer counts them
-- (features/ingest/derive/audience-engagement-deltas.ts): each session in the hour it started, with
-- its returning flag and device, under '' and under each of its traits, in the engagement
-- histogram's log bucket of its engaged time (lib/engagement-histogram.ts: ceil(ln(ms) / ln(1.05 / 0.95)),
-- -1 for none, as 0018_resolution_counts.sql buckets times to resolve); then the daily and monthly
-- tiers from the hourly rows. The two first statements' keys are disjoint (trait names are never '').
INSERT INTO "audience_engagement_counts" ("site_id", "trait_key", "trait_value", "hour", "returning", "device", "bucket", "sessions", "engaged_ms")
SELECT s.site_id, '', '', s.hour, s."returning", s.device, CASE WHEN s.engaged_ms < 1 THEN -1 ELSE greatest(0, CAST(ceil(ln(CAST(s.engaged_ms AS double precision)) / ln((1 + CAST(0.05 AS double precision)) / (1 - CAST(0.05 AS double precision)))) AS bigint)) END, count(*), sum(s.engaged_ms)
FROM sessions AS s GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO "audience_engagement_counts" ("site_id", "trait_key", "trait_value", "hour", "returning", "device", "bucket", "sessions", "engaged_ms")
SELECT s.site_id, t.key, t.value, s.hour, s."returning", s.device, CASE WHEN s.engaged_ms < 1 THEN -1 ELSE greatest(0, CAST(ceil(ln(CAST(s.engaged_ms AS double precision)) / ln((1 + CAST(0.05 AS double precision)) / (1 - CAST(0.05 AS double precision)))) AS bigint)) END, count(*), sum(s.engaged_ms)
FROM session_traits AS t JOIN sessions AS s ON s.site_id = t.site_id AND s.session_id = t.session_id GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO "audience_engagement_counts_daily" ("site_id", "trait_key", "trait_value", "hour", "returning", "device", "bucket", "sessions", "engaged_ms")
SELECT "site_id", "trait_key", "trait_value", "hour" - "hour" % 86400000, "returning", "device", "bucket", sum("sessions"), sum("engaged_ms") FROM "audience_engagement_counts" GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO "audience_engagement_counts_monthly" ("site_id", "trait_key", "trait_value", "hour", "returning", "device", "bucket", "sessions", "engaged_ms")
SELECT "site_id", "trait_key", "trait_value", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "returning", "device", "bucket", sum("sessions"), sum("engaged_ms") FROM "audience_engagement_counts" GROUP BY 1, 2, 3, 4, 5, 6, 7;
