CREATE TABLE "audience_score_counts" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"kind" text NOT NULL,
	"score" bigint NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	"comments" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_score_counts_site_id_trait_key_trait_value_hour_returning_device_kind_score_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","device","kind","score")
);
--> statement-breakpoint
CREATE TABLE "audience_score_counts_daily" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"kind" text NOT NULL,
	"score" bigint NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	"comments" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_score_counts_daily_site_id_trait_key_trait_value_hour_returning_device_kind_score_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","device","kind","score")
);
--> statement-breakpoint
CREATE TABLE "audience_score_counts_monthly" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"kind" text NOT NULL,
	"score" bigint NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	"comments" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_score_counts_monthly_site_id_trait_key_trait_value_hour_returning_device_kind_score_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","device","kind","score")
);
--> statement-breakpoint
-- The answers stored before these counts, as the writer counts them
-- (features/ingest/derive/customer-deltas.ts): trait_score_rollups summed over the prompt, browser
-- and language, then the daily and monthly tiers from the hourly rows.
INSERT INTO "audience_score_counts" ("site_id", "trait_key", "trait_value", "hour", "returning", "device", "kind", "score", "responses", "comments")
SELECT "site_id", "trait_key", "trait_value", "hour", "returning", "device", "kind", "score", sum("responses"), sum("comments")
FROM "trait_score_rollups" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO "audience_score_counts_daily" ("site_id", "trait_key", "trait_value", "hour", "returning", "device", "kind", "score", "responses", "comments")
SELECT "site_id", "trait_key", "trait_value", "hour" - "hour" % 86400000, "returning", "device", "kind", "score", sum("responses"), sum("comments") FROM "audience_score_counts" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO "audience_score_counts_monthly" ("site_id", "trait_key", "trait_value", "hour", "returning", "device", "kind", "score", "responses", "comments")
SELECT "site_id", "trait_key", "trait_value", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "returning", "device", "kind", "score", sum("responses"), sum("comments") FROM "audience_score_counts" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
