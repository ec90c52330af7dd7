CREATE TABLE "audience_resolutions" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"bucket" bigint NOT NULL,
	"answers" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_resolutions_site_id_trait_key_trait_value_hour_returning_device_bucket_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","device","bucket")
);
--> statement-breakpoint
CREATE TABLE "audience_resolutions_daily" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"bucket" bigint NOT NULL,
	"answers" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_resolutions_daily_site_id_trait_key_trait_value_hour_returning_device_bucket_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","device","bucket")
);
--> statement-breakpoint
CREATE TABLE "audience_resolutions_monthly" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"bucket" bigint NOT NULL,
	"answers" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_resolutions_monthly_site_id_trait_key_trait_value_hour_returning_device_bucket_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","device","bucket")
);
--> statement-breakpoint
-- The resolved answers stored before these counts, counted as the writer counts them
-- (features/responses/audience-resolution-counts.ts): the resolution in its hour and time-to-resolve
-- bucket (resolution_counts' arithmetic, 0018), a resolved complaint also in the hour it was given
-- under bucket -2; each with its session's returning flag (0 without a session row) and its device,
-- under '' and under each trait the answer carried (strings, numbers and booleans as their text);
-- then the daily and monthly tiers from the hourly rows.
WITH "resolved" AS (
  SELECT r.site_id, r.traits, r.device, coalesce(s."returning", 0) AS "returning", r.resolved_at, r.created_at, r.kind, r.score, r.comment
  FROM responses AS r LEFT JOIN sessions AS s ON s.site_id = r.site_id AND s.session_id = r.session_id
  WHERE r.resolved_at IS NOT NULL
), "placed" AS (
  SELECT site_id, traits, device, "returning", resolved_at - resolved_at % 3600000 AS hour, CASE WHEN resolved_at - created_at < 1 THEN -1 ELSE greatest(0, CAST(ceil(ln(CAST(resolved_at - created_at AS double precision)) / ln((1 + CAST(0.05 AS double precision)) / (1 - CAST(0.05 AS double precision)))) AS bigint)) END AS bucket FROM "resolved"
  UNION ALL
  SELECT site_id, traits, device, "returning", created_at - created_at % 3600000, -2 FROM "resolved"
  WHERE comment IS NOT NULL AND ((kind = 'nps' AND score <= 6) OR (kind = 'csat' AND score <= 2) OR (kind = 'ces' AND score <= 3))
)
INSERT INTO "audience_resolutions" ("site_id", "trait_key", "trait_value", "hour", "returning", "device", "bucket", "answers")
SELECT site_id, trait_key, trait_value, hour, "returning", device, bucket, count(*) FROM (
  SELECT site_id, '' AS trait_key, '' AS trait_value, hour, "returning", device, bucket FROM "placed"
  UNION ALL
  SELECT p.site_id, t.key, t.value #>> '{}', p.hour, p."returning", p.device, p.bucket
  FROM "placed" AS p, json_each(CASE WHEN json_typeof(p.traits::json) = 'object' THEN p.traits::json END) AS t
  WHERE json_typeof(t.value) IN ('string', 'number', 'boolean')
) AS placed_by_trait GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO "audience_resolutions_daily" ("site_id", "trait_key", "trait_value", "hour", "returning", "device", "bucket", "answers")
SELECT "site_id", "trait_key", "trait_value", "hour" - "hour" % 86400000, "returning", "device", "bucket", sum("answers") FROM "audience_resolutions" GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO "audience_resolutions_monthly" ("site_id", "trait_key", "trait_value", "hour", "returning", "device", "bucket", "answers")
SELECT "site_id", "trait_key", "trait_value", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "returning", "device", "bucket", sum("answers") FROM "audience_resolutions" GROUP BY 1, 2, 3, 4, 5, 6, 7;
