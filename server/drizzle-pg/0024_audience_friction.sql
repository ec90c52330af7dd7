CREATE TABLE "audience_friction_page_rollups" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"kind" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"path" text NOT NULL,
	"met" bigint NOT NULL,
	"score" bigint NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_friction_page_rollups_site_id_trait_key_trait_value_kind_hour_returning_path_met_score_pk" PRIMARY KEY("site_id","trait_key","trait_value","kind","hour","returning","path","met","score")
);
--> statement-breakpoint
CREATE TABLE "audience_friction_page_rollups_daily" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"kind" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"path" text NOT NULL,
	"met" bigint NOT NULL,
	"score" bigint NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_friction_page_rollups_daily_site_id_trait_key_trait_value_kind_hour_returning_path_met_score_pk" PRIMARY KEY("site_id","trait_key","trait_value","kind","hour","returning","path","met","score")
);
--> statement-breakpoint
CREATE TABLE "audience_friction_page_rollups_monthly" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"kind" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"path" text NOT NULL,
	"met" bigint NOT NULL,
	"score" bigint NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_friction_page_rollups_monthly_site_id_trait_key_trait_value_kind_hour_returning_path_met_score_pk" PRIMARY KEY("site_id","trait_key","trait_value","kind","hour","returning","path","met","score")
);
--> statement-breakpoint
CREATE TABLE "audience_friction_rollups" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"kind" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"mask" bigint NOT NULL,
	"score" bigint NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_friction_rollups_site_id_trait_key_trait_value_kind_hour_returning_mask_score_pk" PRIMARY KEY("site_id","trait_key","trait_value","kind","hour","returning","mask","score")
);
--> statement-breakpoint
CREATE TABLE "audience_friction_rollups_daily" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"kind" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"mask" bigint NOT NULL,
	"score" bigint NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_friction_rollups_daily_site_id_trait_key_trait_value_kind_hour_returning_mask_score_pk" PRIMARY KEY("site_id","trait_key","trait_value","kind","hour","returning","mask","score")
);
--> statement-breakpoint
CREATE TABLE "audience_friction_rollups_monthly" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"kind" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"mask" bigint NOT NULL,
	"score" bigint NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_friction_rollups_monthly_site_id_trait_key_trait_value_kind_hour_returning_mask_score_pk" PRIMARY KEY("site_id","trait_key","trait_value","kind","hour","returning","mask","score")
);
--> statement-breakpoint
-- Hand-written: the answers stored before these counts, counted as the writer counts them
-- (features/ingest/derive/audience-answer-keys.ts; SQLite's db/backfill-audience-answers.ts does it
-- in TypeScript): under '' and each trait the answer carried, with its session's returning flag;
-- its friction as last counted in the friction cubes (the friction columns, friction_pages and
-- friction_score), by the types met (response-friction.ts: rage 1, dead 2, error click 4, JS error 8)
-- and per page seen before it.
INSERT INTO "audience_friction_rollups" ("site_id", "trait_key", "trait_value", "kind", "hour", "returning", "mask", "score", "responses")
SELECT a."site_id", t."key", t."value", a."kind", a."hour", a."ret", a."mask", a."friction_score", count(*)
FROM (
  SELECT r."site_id", r."kind", r."created_at" - r."created_at" % 3600000 AS "hour", r."friction_score", r."traits",
    (CASE WHEN r."friction_rage" > 0 THEN 1 ELSE 0 END) + (CASE WHEN r."friction_dead" > 0 THEN 2 ELSE 0 END) +
    (CASE WHEN r."friction_error_clicks" > 0 THEN 4 ELSE 0 END) + (CASE WHEN r."friction_js_errors" > 0 THEN 8 ELSE 0 END) AS "mask",
    coalesce((SELECT s."returning" FROM "sessions" AS s WHERE s."site_id" = r."site_id" AND s."session_id" = r."session_id"), 0) AS "ret"
  FROM "responses" AS r
  WHERE r."friction_score" IS NOT NULL
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
INSERT INTO "audience_friction_page_rollups" ("site_id", "trait_key", "trait_value", "kind", "hour", "returning", "path", "met", "score", "responses")
SELECT a."site_id", t."key", t."value", a."kind", a."hour", a."ret", p."path", p."met"::bigint, a."friction_score", count(*)
FROM (
  SELECT r."site_id", r."kind", r."created_at" - r."created_at" % 3600000 AS "hour", r."friction_score", r."traits", r."friction_pages",
    coalesce((SELECT s."returning" FROM "sessions" AS s WHERE s."site_id" = r."site_id" AND s."session_id" = r."session_id"), 0) AS "ret"
  FROM "responses" AS r
  WHERE r."friction_score" IS NOT NULL AND r."friction_pages" IS NOT NULL
) AS a
CROSS JOIN LATERAL jsonb_each_text(a."friction_pages"::jsonb) AS p("path", "met")
CROSS JOIN LATERAL (
  SELECT '' AS "key", '' AS "value"
  UNION ALL
  SELECT j."key", CASE jsonb_typeof(j."value") WHEN 'string' THEN j."value" #>> '{}' ELSE j."value"::text END
  FROM jsonb_each(coalesce(a."traits", '{}')::jsonb) AS j
  WHERE jsonb_typeof(j."value") IN ('string', 'number', 'boolean')
) AS t
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
--> statement-breakpoint
INSERT INTO "audience_friction_rollups_daily" ("site_id", "trait_key", "trait_value", "kind", "hour", "returning", "mask", "score", "responses")
SELECT "site_id", "trait_key", "trait_value", "kind", "hour" - "hour" % 86400000, "returning", "mask", "score", sum("responses") FROM "audience_friction_rollups" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO "audience_friction_rollups_monthly" ("site_id", "trait_key", "trait_value", "kind", "hour", "returning", "mask", "score", "responses")
SELECT "site_id", "trait_key", "trait_value", "kind", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "returning", "mask", "score", sum("responses") FROM "audience_friction_rollups" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO "audience_friction_page_rollups_daily" ("site_id", "trait_key", "trait_value", "kind", "hour", "returning", "path", "met", "score", "responses")
SELECT "site_id", "trait_key", "trait_value", "kind", "hour" - "hour" % 86400000, "returning", "path", "met", "score", sum("responses") FROM "audience_friction_page_rollups" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
--> statement-breakpoint
INSERT INTO "audience_friction_page_rollups_monthly" ("site_id", "trait_key", "trait_value", "kind", "hour", "returning", "path", "met", "score", "responses")
SELECT "site_id", "trait_key", "trait_value", "kind", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "returning", "path", "met", "score", sum("responses") FROM "audience_friction_page_rollups" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
