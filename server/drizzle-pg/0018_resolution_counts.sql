CREATE TABLE "resolution_client_daily" (
	"site_id" text NOT NULL,
	"start" bigint NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"bucket" bigint NOT NULL,
	"answers" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "resolution_client_daily_site_id_start_device_browser_language_bucket_pk" PRIMARY KEY("site_id","start","device","browser","language","bucket")
);
--> statement-breakpoint
CREATE TABLE "resolution_client_monthly" (
	"site_id" text NOT NULL,
	"start" bigint NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"bucket" bigint NOT NULL,
	"answers" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "resolution_client_monthly_site_id_start_device_browser_language_bucket_pk" PRIMARY KEY("site_id","start","device","browser","language","bucket")
);
--> statement-breakpoint
CREATE TABLE "resolution_daily" (
	"site_id" text NOT NULL,
	"start" bigint NOT NULL,
	"bucket" bigint NOT NULL,
	"answers" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "resolution_daily_site_id_start_bucket_pk" PRIMARY KEY("site_id","start","bucket")
);
--> statement-breakpoint
CREATE TABLE "resolution_monthly" (
	"site_id" text NOT NULL,
	"start" bigint NOT NULL,
	"bucket" bigint NOT NULL,
	"answers" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "resolution_monthly_site_id_start_bucket_pk" PRIMARY KEY("site_id","start","bucket")
);
--> statement-breakpoint
CREATE TABLE "resolution_segment_daily" (
	"site_id" text NOT NULL,
	"start" bigint NOT NULL,
	"path" text NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"bucket" bigint NOT NULL,
	"answers" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "resolution_segment_daily_site_id_start_path_device_browser_language_bucket_pk" PRIMARY KEY("site_id","start","path","device","browser","language","bucket")
);
--> statement-breakpoint
CREATE TABLE "resolution_segment_monthly" (
	"site_id" text NOT NULL,
	"start" bigint NOT NULL,
	"path" text NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"bucket" bigint NOT NULL,
	"answers" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "resolution_segment_monthly_site_id_start_path_device_browser_language_bucket_pk" PRIMARY KEY("site_id","start","path","device","browser","language","bucket")
);
--> statement-breakpoint
CREATE TABLE "resolution_rollups" (
	"site_id" text NOT NULL,
	"hour" bigint NOT NULL,
	"path" text NOT NULL,
	"device" text NOT NULL,
	"browser" text NOT NULL,
	"language" text NOT NULL,
	"bucket" bigint NOT NULL,
	"answers" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "resolution_rollups_site_id_hour_path_device_browser_language_bucket_pk" PRIMARY KEY("site_id","hour","path","device","browser","language","bucket")
);
--> statement-breakpoint
-- Backfill: every resolved answer counted as features/responses/resolution-counts.ts counts it (its time to
-- resolve in the engagement histogram's log bucket: ceil(ln(ms) / ln(1.05 / 0.95)); resolved complaints under
-- bucket -2 in the hour given), then the cubes' tiers from those hourly rows (db/cubes/cube-backfill-sql.ts).
INSERT INTO resolution_rollups (site_id, hour, path, device, browser, language, bucket, answers) SELECT site_id, hour, path, device, browser, language, bucket, count(*) FROM (SELECT site_id, resolved_at - resolved_at % 3600000 AS hour, path, device, browser, language, CASE WHEN resolved_at - created_at < 1 THEN -1 ELSE greatest(0, CAST(ceil(ln(CAST(resolved_at - created_at AS double precision)) / ln((1 + CAST(0.05 AS double precision)) / (1 - CAST(0.05 AS double precision)))) AS bigint)) END AS bucket FROM responses WHERE resolved_at IS NOT NULL UNION ALL SELECT site_id, created_at - created_at % 3600000, path, device, browser, language, -2 FROM responses WHERE resolved_at IS NOT NULL AND comment IS NOT NULL AND ((kind = 'nps' AND score <= 6) OR (kind = 'csat' AND score <= 2) OR (kind = 'ces' AND score <= 3))) AS r GROUP BY site_id, hour, path, device, browser, language, bucket;
--> statement-breakpoint
INSERT INTO resolution_daily (site_id, start, bucket, answers) SELECT site_id, start, bucket, SUM(answers) FROM (SELECT site_id, (hour - hour % 86400000) AS start, bucket, answers FROM resolution_rollups AS src) AS src_all GROUP BY site_id, start, bucket;
--> statement-breakpoint
INSERT INTO resolution_monthly (site_id, start, bucket, answers) SELECT site_id, start, bucket, SUM(answers) FROM (SELECT site_id, (CAST(extract(epoch FROM date_trunc('month', to_timestamp(hour / 1000) AT TIME ZONE 'UTC')) AS bigint) * 1000) AS start, bucket, answers FROM resolution_rollups AS src) AS src_all GROUP BY site_id, start, bucket;
--> statement-breakpoint
INSERT INTO resolution_client_daily (site_id, start, device, browser, language, bucket, answers) SELECT site_id, start, device, browser, language, bucket, SUM(answers) FROM (SELECT site_id, (hour - hour % 86400000) AS start, device, browser, language, bucket, answers FROM resolution_rollups AS src) AS src_all GROUP BY site_id, start, device, browser, language, bucket;
--> statement-breakpoint
INSERT INTO resolution_client_monthly (site_id, start, device, browser, language, bucket, answers) SELECT site_id, start, device, browser, language, bucket, SUM(answers) FROM (SELECT site_id, (CAST(extract(epoch FROM date_trunc('month', to_timestamp(hour / 1000) AT TIME ZONE 'UTC')) AS bigint) * 1000) AS start, device, browser, language, bucket, answers FROM resolution_rollups AS src) AS src_all GROUP BY site_id, start, device, browser, language, bucket;
--> statement-breakpoint
INSERT INTO resolution_segment_daily (site_id, start, path, device, browser, language, bucket, answers) SELECT site_id, start, path, device, browser, language, bucket, SUM(answers) FROM (SELECT site_id, (hour - hour % 86400000) AS start, path, device, browser, language, bucket, answers FROM resolution_rollups AS src) AS src_all GROUP BY site_id, start, path, device, browser, language, bucket;
--> statement-breakpoint
INSERT INTO resolution_segment_monthly (site_id, start, path, device, browser, language, bucket, answers) SELECT site_id, start, path, device, browser, language, bucket, SUM(answers) FROM (SELECT site_id, (CAST(extract(epoch FROM date_trunc('month', to_timestamp(hour / 1000) AT TIME ZONE 'UTC')) AS bigint) * 1000) AS start, path, device, browser, language, bucket, answers FROM resolution_rollups AS src) AS src_all GROUP BY site_id, start, path, device, browser, language, bucket;
