CREATE TABLE "task_duration_rollups_daily" (
	"site_id" text NOT NULL,
	"hour" bigint NOT NULL,
	"task" text NOT NULL,
	"path" text NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"bucket" bigint NOT NULL,
	"samples" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "task_duration_rollups_daily_site_id_hour_task_path_device_browser_language_bucket_pk" PRIMARY KEY("site_id","hour","task","path","device","browser","language","bucket")
);
--> statement-breakpoint
CREATE TABLE "task_duration_rollups_monthly" (
	"site_id" text NOT NULL,
	"hour" bigint NOT NULL,
	"task" text NOT NULL,
	"path" text NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"bucket" bigint NOT NULL,
	"samples" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "task_duration_rollups_monthly_site_id_hour_task_path_device_browser_language_bucket_pk" PRIMARY KEY("site_id","hour","task","path","device","browser","language","bucket")
);
--> statement-breakpoint
CREATE TABLE "task_rollups_daily" (
	"site_id" text NOT NULL,
	"hour" bigint NOT NULL,
	"task" text NOT NULL,
	"path" text NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"started" bigint DEFAULT 0 NOT NULL,
	"succeeded" bigint DEFAULT 0 NOT NULL,
	"failed" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "task_rollups_daily_site_id_hour_task_path_device_browser_language_pk" PRIMARY KEY("site_id","hour","task","path","device","browser","language")
);
--> statement-breakpoint
CREATE TABLE "task_rollups_monthly" (
	"site_id" text NOT NULL,
	"hour" bigint NOT NULL,
	"task" text NOT NULL,
	"path" text NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"started" bigint DEFAULT 0 NOT NULL,
	"succeeded" bigint DEFAULT 0 NOT NULL,
	"failed" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "task_rollups_monthly_site_id_hour_task_path_device_browser_language_pk" PRIMARY KEY("site_id","hour","task","path","device","browser","language")
);
--> statement-breakpoint
CREATE TABLE "journey_rollups_daily" (
	"site_id" text NOT NULL,
	"kind" text NOT NULL,
	"depth" bigint NOT NULL,
	"hour" bigint NOT NULL,
	"journey" text NOT NULL,
	"score" bigint NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "journey_rollups_daily_site_id_kind_depth_hour_journey_score_device_browser_language_pk" PRIMARY KEY("site_id","kind","depth","hour","journey","score","device","browser","language")
);
--> statement-breakpoint
CREATE TABLE "journey_rollups_monthly" (
	"site_id" text NOT NULL,
	"kind" text NOT NULL,
	"depth" bigint NOT NULL,
	"hour" bigint NOT NULL,
	"journey" text NOT NULL,
	"score" bigint NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "journey_rollups_monthly_site_id_kind_depth_hour_journey_score_device_browser_language_pk" PRIMARY KEY("site_id","kind","depth","hour","journey","score","device","browser","language")
);

--> statement-breakpoint
-- Hand-written: the daily and monthly tiers of the task and journey rollups start with every count
-- the hourly tables already hold (UTC day = hour - hour % 1 day; UTC month = the month's first hour).
INSERT INTO "task_rollups_daily" ("site_id", "hour", "task", "path", "device", "browser", "language", "started", "succeeded", "failed")
SELECT "site_id", "hour" - "hour" % 86400000, "task", "path", "device", "browser", "language", sum("started"), sum("succeeded"), sum("failed")
FROM "task_rollups" GROUP BY "site_id", "hour" - "hour" % 86400000, "task", "path", "device", "browser", "language";
--> statement-breakpoint
INSERT INTO "task_rollups_monthly" ("site_id", "hour", "task", "path", "device", "browser", "language", "started", "succeeded", "failed")
SELECT "site_id", (extract(epoch from date_trunc('month', to_timestamp("hour" / 1000) AT TIME ZONE 'UTC')) * 1000)::bigint, "task", "path", "device", "browser", "language", sum("started"), sum("succeeded"), sum("failed")
FROM "task_rollups" GROUP BY "site_id", (extract(epoch from date_trunc('month', to_timestamp("hour" / 1000) AT TIME ZONE 'UTC')) * 1000)::bigint, "task", "path", "device", "browser", "language";
--> statement-breakpoint
INSERT INTO "task_duration_rollups_daily" ("site_id", "hour", "task", "path", "device", "browser", "language", "bucket", "samples")
SELECT "site_id", "hour" - "hour" % 86400000, "task", "path", "device", "browser", "language", "bucket", sum("samples")
FROM "task_duration_rollups" GROUP BY "site_id", "hour" - "hour" % 86400000, "task", "path", "device", "browser", "language", "bucket";
--> statement-breakpoint
INSERT INTO "task_duration_rollups_monthly" ("site_id", "hour", "task", "path", "device", "browser", "language", "bucket", "samples")
SELECT "site_id", (extract(epoch from date_trunc('month', to_timestamp("hour" / 1000) AT TIME ZONE 'UTC')) * 1000)::bigint, "task", "path", "device", "browser", "language", "bucket", sum("samples")
FROM "task_duration_rollups" GROUP BY "site_id", (extract(epoch from date_trunc('month', to_timestamp("hour" / 1000) AT TIME ZONE 'UTC')) * 1000)::bigint, "task", "path", "device", "browser", "language", "bucket";
--> statement-breakpoint
INSERT INTO "journey_rollups_daily" ("site_id", "kind", "depth", "hour", "journey", "score", "device", "browser", "language", "responses")
SELECT "site_id", "kind", "depth", "hour" - "hour" % 86400000, "journey", "score", "device", "browser", "language", sum("responses")
FROM "journey_rollups" GROUP BY "site_id", "kind", "depth", "hour" - "hour" % 86400000, "journey", "score", "device", "browser", "language";
--> statement-breakpoint
INSERT INTO "journey_rollups_monthly" ("site_id", "kind", "depth", "hour", "journey", "score", "device", "browser", "language", "responses")
SELECT "site_id", "kind", "depth", (extract(epoch from date_trunc('month', to_timestamp("hour" / 1000) AT TIME ZONE 'UTC')) * 1000)::bigint, "journey", "score", "device", "browser", "language", sum("responses")
FROM "journey_rollups" GROUP BY "site_id", "kind", "depth", (extract(epoch from date_trunc('month', to_timestamp("hour" / 1000) AT TIME ZONE 'UTC')) * 1000)::bigint, "journey", "score", "device", "browser", "language";
