CREATE TABLE "band_conversion_backfill" (
	"site_id" text PRIMARY KEY NOT NULL,
	"cursor" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "band_conversion_counts" (
	"site_id" text NOT NULL,
	"kind" text NOT NULL,
	"goal" text NOT NULL,
	"hour" bigint NOT NULL,
	"band" text NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	"converted" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "band_conversion_counts_site_id_kind_goal_hour_band_device_browser_language_pk" PRIMARY KEY("site_id","kind","goal","hour","band","device","browser","language")
);
--> statement-breakpoint
CREATE TABLE "band_conversion_counts_daily" (
	"site_id" text NOT NULL,
	"kind" text NOT NULL,
	"goal" text NOT NULL,
	"hour" bigint NOT NULL,
	"band" text NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	"converted" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "band_conversion_counts_daily_site_id_kind_goal_hour_band_device_browser_language_pk" PRIMARY KEY("site_id","kind","goal","hour","band","device","browser","language")
);
--> statement-breakpoint
CREATE TABLE "band_conversion_counts_monthly" (
	"site_id" text NOT NULL,
	"kind" text NOT NULL,
	"goal" text NOT NULL,
	"hour" bigint NOT NULL,
	"band" text NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	"converted" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "band_conversion_counts_monthly_site_id_kind_goal_hour_band_device_browser_language_pk" PRIMARY KEY("site_id","kind","goal","hour","band","device","browser","language")
);
--> statement-breakpoint
CREATE TABLE "band_conversion_sessions" (
	"site_id" text NOT NULL,
	"session_id" text NOT NULL,
	"keys" text NOT NULL,
	CONSTRAINT "band_conversion_sessions_site_id_session_id_pk" PRIMARY KEY("site_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "customer_cohort_rollups" (
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
	CONSTRAINT "customer_cohort_rollups_site_id_interval_cohort_period_device_browser_language_pk" PRIMARY KEY("site_id","interval","cohort","period","device","browser","language")
);
--> statement-breakpoint
CREATE TABLE "customer_cohorts" (
	"site_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"first_ts" bigint NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"converted_weeks_before" bigint DEFAULT 0 NOT NULL,
	"converted_months_before" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "customer_cohorts_site_id_customer_id_pk" PRIMARY KEY("site_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "customer_periods" (
	"site_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"interval" text NOT NULL,
	"period" text NOT NULL,
	"converted" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "customer_periods_site_id_customer_id_interval_period_pk" PRIMARY KEY("site_id","customer_id","interval","period")
);
--> statement-breakpoint
CREATE TABLE "customer_sessions" (
	"site_id" text NOT NULL,
	"customer_id" text NOT NULL,
	"session_id" text NOT NULL,
	CONSTRAINT "customer_sessions_site_id_customer_id_session_id_pk" PRIMARY KEY("site_id","customer_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "session_clicks" (
	"site_id" text NOT NULL,
	"session_id" text NOT NULL,
	"hour" bigint NOT NULL,
	"path" text NOT NULL,
	"selector" text NOT NULL,
	"kind" text NOT NULL,
	"device" text NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "session_clicks_site_id_session_id_hour_path_selector_kind_device_pk" PRIMARY KEY("site_id","session_id","hour","path","selector","kind","device")
);
--> statement-breakpoint
CREATE TABLE "saved_funnel_counts" (
	"site_id" text NOT NULL,
	"funnel_id" text NOT NULL,
	"generation" bigint NOT NULL,
	"hour" bigint NOT NULL,
	"step" bigint NOT NULL,
	"bucket" bigint NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "saved_funnel_counts_site_id_funnel_id_generation_hour_step_bucket_pk" PRIMARY KEY("site_id","funnel_id","generation","hour","step","bucket")
);
--> statement-breakpoint
CREATE TABLE "saved_funnel_counts_daily" (
	"site_id" text NOT NULL,
	"funnel_id" text NOT NULL,
	"generation" bigint NOT NULL,
	"hour" bigint NOT NULL,
	"step" bigint NOT NULL,
	"bucket" bigint NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "saved_funnel_counts_daily_site_id_funnel_id_generation_hour_step_bucket_pk" PRIMARY KEY("site_id","funnel_id","generation","hour","step","bucket")
);
--> statement-breakpoint
CREATE TABLE "saved_funnel_counts_monthly" (
	"site_id" text NOT NULL,
	"funnel_id" text NOT NULL,
	"generation" bigint NOT NULL,
	"hour" bigint NOT NULL,
	"step" bigint NOT NULL,
	"bucket" bigint NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "saved_funnel_counts_monthly_site_id_funnel_id_generation_hour_step_bucket_pk" PRIMARY KEY("site_id","funnel_id","generation","hour","step","bucket")
);
--> statement-breakpoint
CREATE TABLE "saved_funnel_garbage" (
	"site_id" text NOT NULL,
	"funnel_id" text NOT NULL,
	"generation" bigint NOT NULL,
	CONSTRAINT "saved_funnel_garbage_site_id_funnel_id_generation_pk" PRIMARY KEY("site_id","funnel_id","generation")
);
--> statement-breakpoint
CREATE TABLE "saved_funnel_sessions" (
	"site_id" text NOT NULL,
	"funnel_id" text NOT NULL,
	"generation" bigint NOT NULL,
	"session_id" text NOT NULL,
	"times" text NOT NULL,
	CONSTRAINT "saved_funnel_sessions_site_id_funnel_id_generation_session_id_pk" PRIMARY KEY("site_id","funnel_id","generation","session_id")
);
--> statement-breakpoint
CREATE TABLE "saved_funnels" (
	"id" text PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"name" text NOT NULL,
	"steps" text NOT NULL,
	"generation" bigint NOT NULL,
	"backfill_cursor" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
-- Edited by hand: drizzle-kit wrote ADD COLUMN for sessions.customer_ts and traits_ts, which PostgreSQL
-- can only append, while the schema (and its SQLite twin) has them after customer_id. The table is
-- rebuilt with its columns in the schema's order, its rows (if any) copied.
ALTER TABLE "sessions" RENAME TO "sessions_before_customer_ts";--> statement-breakpoint
ALTER TABLE "sessions_before_customer_ts" DROP CONSTRAINT "sessions_site_id_session_id_pk";--> statement-breakpoint
DROP INDEX "sessions_site_first_ts";--> statement-breakpoint
DROP INDEX "sessions_site_visitor";--> statement-breakpoint
CREATE TABLE "sessions" (
	"site_id" text NOT NULL,
	"session_id" text NOT NULL,
	"visitor_id" text,
	"customer_id" text,
	"customer_ts" bigint,
	"traits_ts" bigint,
	"returning" boolean DEFAULT false NOT NULL,
	"hour" bigint NOT NULL,
	"first_ts" bigint NOT NULL,
	"last_ts" bigint NOT NULL,
	"entry_path" text NOT NULL,
	"exit_path" text NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"release" text DEFAULT '' NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	"pageviews" bigint DEFAULT 0 NOT NULL,
	"engaged_ms" bigint DEFAULT 0 NOT NULL,
	"rage_clicks" bigint DEFAULT 0 NOT NULL,
	"dead_clicks" bigint DEFAULT 0 NOT NULL,
	"error_clicks" bigint DEFAULT 0 NOT NULL,
	"js_errors" bigint DEFAULT 0 NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	"tracks" bigint DEFAULT 0 NOT NULL,
	"engaged" boolean DEFAULT false NOT NULL,
	"frustrated" boolean DEFAULT false NOT NULL,
	CONSTRAINT "sessions_site_id_session_id_pk" PRIMARY KEY("site_id","session_id")
);
--> statement-breakpoint
INSERT INTO "sessions" ("site_id", "session_id", "visitor_id", "customer_id", "returning", "hour", "first_ts", "last_ts",
	"entry_path", "exit_path", "device", "browser", "language", "release", "events", "pageviews", "engaged_ms",
	"rage_clicks", "dead_clicks", "error_clicks", "js_errors", "responses", "tracks", "engaged", "frustrated")
SELECT "site_id", "session_id", "visitor_id", "customer_id", "returning", "hour", "first_ts", "last_ts",
	"entry_path", "exit_path", "device", "browser", "language", "release", "events", "pageviews", "engaged_ms",
	"rage_clicks", "dead_clicks", "error_clicks", "js_errors", "responses", "tracks", "engaged", "frustrated"
FROM "sessions_before_customer_ts";--> statement-breakpoint
DROP TABLE "sessions_before_customer_ts";--> statement-breakpoint
CREATE INDEX "sessions_site_first_ts" ON "sessions" USING btree ("site_id","first_ts");--> statement-breakpoint
CREATE INDEX "sessions_site_visitor" ON "sessions" USING btree ("site_id","visitor_id");--> statement-breakpoint
ALTER TABLE "visitor_cohorts" ADD COLUMN "converted_weeks_before" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "visitor_cohorts" ADD COLUMN "converted_months_before" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "customer_periods_site_interval_period" ON "customer_periods" USING btree ("site_id","interval","period");--> statement-breakpoint
CREATE INDEX "customer_sessions_site_session" ON "customer_sessions" USING btree ("site_id","session_id");--> statement-breakpoint
CREATE INDEX "saved_funnels_site" ON "saved_funnels" USING btree ("site_id");--> statement-breakpoint
CREATE INDEX "visitor_periods_site_interval_period" ON "visitor_periods" USING btree ("site_id","interval","period");