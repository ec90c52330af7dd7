CREATE TABLE "audience_journey_rollups" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"kind" text NOT NULL,
	"depth" bigint NOT NULL,
	"band" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"journey" text NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	"score_sum" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_journey_rollups_site_id_trait_key_trait_value_kind_depth_band_hour_returning_journey_pk" PRIMARY KEY("site_id","trait_key","trait_value","kind","depth","band","hour","returning","journey")
);
--> statement-breakpoint
CREATE TABLE "audience_journey_rollups_daily" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"kind" text NOT NULL,
	"depth" bigint NOT NULL,
	"band" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"journey" text NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	"score_sum" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_journey_rollups_daily_site_id_trait_key_trait_value_kind_depth_band_hour_returning_journey_pk" PRIMARY KEY("site_id","trait_key","trait_value","kind","depth","band","hour","returning","journey")
);
--> statement-breakpoint
CREATE TABLE "audience_journey_rollups_monthly" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"kind" text NOT NULL,
	"depth" bigint NOT NULL,
	"band" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"journey" text NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	"score_sum" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_journey_rollups_monthly_site_id_trait_key_trait_value_kind_depth_band_hour_returning_journey_pk" PRIMARY KEY("site_id","trait_key","trait_value","kind","depth","band","hour","returning","journey")
);
--> statement-breakpoint
CREATE TABLE "audience_path_scores" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"kind" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"path" text NOT NULL,
	"score" bigint NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_path_scores_site_id_trait_key_trait_value_kind_hour_returning_path_score_pk" PRIMARY KEY("site_id","trait_key","trait_value","kind","hour","returning","path","score")
);
--> statement-breakpoint
CREATE TABLE "audience_path_scores_daily" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"kind" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"path" text NOT NULL,
	"score" bigint NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_path_scores_daily_site_id_trait_key_trait_value_kind_hour_returning_path_score_pk" PRIMARY KEY("site_id","trait_key","trait_value","kind","hour","returning","path","score")
);
--> statement-breakpoint
CREATE TABLE "audience_path_scores_monthly" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"kind" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"path" text NOT NULL,
	"score" bigint NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_path_scores_monthly_site_id_trait_key_trait_value_kind_hour_returning_path_score_pk" PRIMARY KEY("site_id","trait_key","trait_value","kind","hour","returning","path","score")
);
--> statement-breakpoint
-- Hand-written: the answers stored before these counts, counted as the writer counts them
-- (features/ingest/derive/audience-answer-keys.ts; SQLite's db/backfill-audience-answers.ts does it
-- in TypeScript): under '' and each trait the answer carried, with its session's returning flag;
-- its current score per page, and its journey as last counted at every depth.
INSERT INTO "audience_path_scores" ("site_id", "trait_key", "trait_value", "kind", "hour", "returning", "path", "score", "responses")
SELECT a."site_id", t."key", t."value", a."kind", a."hour", a."ret", a."path", a."score", count(*)
FROM (
  SELECT r."site_id", r."kind", r."created_at" - r."created_at" % 3600000 AS "hour", r."path", r."score", r."traits",
    coalesce((SELECT s."returning" FROM "sessions" AS s WHERE s."site_id" = r."site_id" AND s."session_id" = r."session_id"), 0) AS "ret"
  FROM "responses" AS r
) AS a
CROSS JOIN LATERAL (
  SELECT '' AS "key", '' AS "value"
  UNION ALL
  SELECT j."key", CASE jsonb_typeof(j."value") WHEN 'string' THEN j."value" #>> '{}' ELSE j."value"::text END
  FROM jsonb_each(coalesce(a."traits", '{}')::jsonb) AS j
  WHERE jsonb_typeof(j."value") IN ('string', 'number', 'boolean')
) AS t
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO "audience_journey_rollups" ("site_id", "trait_key", "trait_value", "kind", "depth", "band", "hour", "returning", "journey", "responses", "score_sum")
SELECT a."site_id", t."key", t."value", a."kind", d."depth",
  CASE WHEN a."friction_score" <= (CASE a."kind" WHEN 'nps' THEN 6 WHEN 'csat' THEN 2 ELSE 3 END) THEN 'detractor'
    WHEN a."friction_score" <= (CASE a."kind" WHEN 'nps' THEN 8 WHEN 'csat' THEN 3 ELSE 4 END) THEN 'passive' ELSE 'promoter' END,
  a."hour", a."ret", d."journey", count(*), sum(a."friction_score")
FROM (
  SELECT r."site_id", r."kind", r."created_at" - r."created_at" % 3600000 AS "hour", r."friction_score", r."traits",
    r."journey"::jsonb AS "steps",
    coalesce((SELECT s."returning" FROM "sessions" AS s WHERE s."site_id" = r."site_id" AND s."session_id" = r."session_id"), 0) AS "ret"
  FROM "responses" AS r
  WHERE r."journey" IS NOT NULL AND r."friction_score" IS NOT NULL AND r."kind" IN ('nps', 'csat', 'ces')
) AS a
CROSS JOIN LATERAL (
  -- The last `depth` steps as the writer's JSON.stringify spells them: no spaces.
  SELECT n."depth", '[' || (
    SELECT string_agg(to_json(e."step")::text, ',' ORDER BY e."i")
    FROM jsonb_array_elements_text(a."steps") WITH ORDINALITY AS e("step", "i")
    WHERE e."i" > jsonb_array_length(a."steps") - n."depth"
  ) || ']' AS "journey"
  FROM generate_series(1, jsonb_array_length(a."steps")) AS n("depth")
) AS d
CROSS JOIN LATERAL (
  SELECT '' AS "key", '' AS "value"
  UNION ALL
  SELECT j."key", CASE jsonb_typeof(j."value") WHEN 'string' THEN j."value" #>> '{}' ELSE j."value"::text END
  FROM jsonb_each(coalesce(a."traits", '{}')::jsonb) AS j
  WHERE jsonb_typeof(j."value") IN ('string', 'number', 'boolean')
) AS t
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
--> statement-breakpoint
INSERT INTO "audience_path_scores_daily" ("site_id", "trait_key", "trait_value", "kind", "hour", "returning", "path", "score", "responses")
SELECT "site_id", "trait_key", "trait_value", "kind", "hour" - "hour" % 86400000, "returning", "path", "score", sum("responses") FROM "audience_path_scores" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO "audience_path_scores_monthly" ("site_id", "trait_key", "trait_value", "kind", "hour", "returning", "path", "score", "responses")
SELECT "site_id", "trait_key", "trait_value", "kind", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "returning", "path", "score", sum("responses") FROM "audience_path_scores" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO "audience_journey_rollups_daily" ("site_id", "trait_key", "trait_value", "kind", "depth", "band", "hour", "returning", "journey", "responses", "score_sum")
SELECT "site_id", "trait_key", "trait_value", "kind", "depth", "band", "hour" - "hour" % 86400000, "returning", "journey", sum("responses"), sum("score_sum") FROM "audience_journey_rollups" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
--> statement-breakpoint
INSERT INTO "audience_journey_rollups_monthly" ("site_id", "trait_key", "trait_value", "kind", "depth", "band", "hour", "returning", "journey", "responses", "score_sum")
SELECT "site_id", "trait_key", "trait_value", "kind", "depth", "band", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "returning", "journey", sum("responses"), sum("score_sum") FROM "audience_journey_rollups" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
