CREATE TABLE "engagement_monthly" (
	"site_id" text NOT NULL,
	"hour" bigint NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"bucket" bigint NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	"engaged_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "engagement_monthly_site_id_hour_device_browser_language_bucket_pk" PRIMARY KEY("site_id","hour","device","browser","language","bucket")
);
--> statement-breakpoint
CREATE TABLE "error_rate_monthly" (
	"site_id" text NOT NULL,
	"hour" bigint NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"release" text NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	"error_sessions" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "error_rate_monthly_site_id_hour_device_browser_language_release_pk" PRIMARY KEY("site_id","hour","device","browser","language","release")
);
--> statement-breakpoint
CREATE TABLE "page_error_monthly" (
	"site_id" text NOT NULL,
	"hour" bigint NOT NULL,
	"path" text NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"visits" bigint DEFAULT 0 NOT NULL,
	"error_visits" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "page_error_monthly_site_id_hour_path_device_browser_language_pk" PRIMARY KEY("site_id","hour","path","device","browser","language")
);
--> statement-breakpoint
CREATE TABLE "plain_click_monthly" (
	"site_id" text NOT NULL,
	"hour" bigint NOT NULL,
	"path" text NOT NULL,
	"selector" text NOT NULL,
	"device" text NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "plain_click_monthly_site_id_hour_path_selector_device_pk" PRIMARY KEY("site_id","hour","path","selector","device")
);

--> statement-breakpoint
-- Backfill: each monthly table is its daily table summed by UTC calendar month (`hour` = the
-- month's first hour), exactly what the derivations add to it from now on.
INSERT INTO "error_rate_monthly" ("site_id", "hour", "device", "browser", "language", "release", "sessions", "error_sessions")
SELECT "site_id", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "device", "browser", "language", "release", sum("sessions"), sum("error_sessions")
FROM "error_rate_daily" GROUP BY "site_id", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "device", "browser", "language", "release";
--> statement-breakpoint
INSERT INTO "page_error_monthly" ("site_id", "hour", "path", "device", "browser", "language", "visits", "error_visits")
SELECT "site_id", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "path", "device", "browser", "language", sum("visits"), sum("error_visits")
FROM "page_error_daily" GROUP BY "site_id", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "path", "device", "browser", "language";
--> statement-breakpoint
INSERT INTO "engagement_monthly" ("site_id", "hour", "device", "browser", "language", "bucket", "sessions", "engaged_ms")
SELECT "site_id", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "device", "browser", "language", "bucket", sum("sessions"), sum("engaged_ms")
FROM "engagement_daily" GROUP BY "site_id", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "device", "browser", "language", "bucket";
--> statement-breakpoint
INSERT INTO "plain_click_monthly" ("site_id", "hour", "path", "selector", "device", "events")
SELECT "site_id", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "path", "selector", "device", sum("events")
FROM "plain_click_daily" GROUP BY "site_id", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "path", "selector", "device";
