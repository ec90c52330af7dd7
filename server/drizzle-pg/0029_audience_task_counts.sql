CREATE TABLE "audience_task_counts" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"task" text NOT NULL,
	"bucket" bigint NOT NULL,
	"started" bigint DEFAULT 0 NOT NULL,
	"succeeded" bigint DEFAULT 0 NOT NULL,
	"failed" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_task_counts_site_id_trait_key_trait_value_hour_returning_task_bucket_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","task","bucket")
);
--> statement-breakpoint
CREATE TABLE "audience_task_counts_daily" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"task" text NOT NULL,
	"bucket" bigint NOT NULL,
	"started" bigint DEFAULT 0 NOT NULL,
	"succeeded" bigint DEFAULT 0 NOT NULL,
	"failed" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_task_counts_daily_site_id_trait_key_trait_value_hour_returning_task_bucket_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","task","bucket")
);
--> statement-breakpoint
CREATE TABLE "audience_task_counts_monthly" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"task" text NOT NULL,
	"bucket" bigint NOT NULL,
	"started" bigint DEFAULT 0 NOT NULL,
	"succeeded" bigint DEFAULT 0 NOT NULL,
	"failed" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_task_counts_monthly_site_id_trait_key_trait_value_hour_returning_task_bucket_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","task","bucket")
);
--> statement-breakpoint
CREATE TABLE "audience_task_score_counts" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"task" text NOT NULL,
	"outcome" text NOT NULL,
	"kind" text NOT NULL,
	"score" bigint NOT NULL,
	"answers" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_task_score_counts_site_id_trait_key_trait_value_hour_returning_task_outcome_kind_score_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","task","outcome","kind","score")
);
--> statement-breakpoint
CREATE TABLE "audience_task_score_counts_daily" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"task" text NOT NULL,
	"outcome" text NOT NULL,
	"kind" text NOT NULL,
	"score" bigint NOT NULL,
	"answers" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_task_score_counts_daily_site_id_trait_key_trait_value_hour_returning_task_outcome_kind_score_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","task","outcome","kind","score")
);
--> statement-breakpoint
CREATE TABLE "audience_task_score_counts_monthly" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"task" text NOT NULL,
	"outcome" text NOT NULL,
	"kind" text NOT NULL,
	"score" bigint NOT NULL,
	"answers" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_task_score_counts_monthly_site_id_trait_key_trait_value_hour_returning_task_outcome_kind_score_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","task","outcome","kind","score")
);
--> statement-breakpoint
-- The runs and answers stored before these counts, counted as the writer counts them
-- (features/ingest/derive/audience-task-deltas.ts): each run of a stored session in its start hour,
-- with the session's returning flag, under '' and under each of the session's traits, in the
-- bucket of its time on task if it succeeded (lib/vital-histogram.ts: -10000 for no time, else
-- ceil(ln(ms) / ln(1.02 / 0.98))), -1 otherwise; each answer after exactly one ended run of its task
-- (task_answer_links.chained = 0) under the same keys of that run; then the daily and monthly tiers
-- from the hourly rows. Each pair of first statements' keys is disjoint (trait names are never '').
INSERT INTO "audience_task_counts" ("site_id", "trait_key", "trait_value", "hour", "returning", "task", "bucket", "started", "succeeded", "failed")
SELECT r.site_id, '', '', r.hour, s."returning", r.task, CASE WHEN r.outcome IS DISTINCT FROM 'success' THEN -1 WHEN r.ended_at - r.started_at < 1 THEN -10000 ELSE CAST(ceil(ln(CAST(r.ended_at - r.started_at AS double precision)) / ln((1 + CAST(0.02 AS double precision)) / (1 - CAST(0.02 AS double precision)))) AS bigint) END, count(*), count(*) FILTER (WHERE r.outcome = 'success'), count(*) FILTER (WHERE r.outcome = 'fail')
FROM task_runs AS r JOIN sessions AS s ON s.site_id = r.site_id AND s.session_id = r.session_id GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO "audience_task_counts" ("site_id", "trait_key", "trait_value", "hour", "returning", "task", "bucket", "started", "succeeded", "failed")
SELECT r.site_id, t.key, t.value, r.hour, s."returning", r.task, CASE WHEN r.outcome IS DISTINCT FROM 'success' THEN -1 WHEN r.ended_at - r.started_at < 1 THEN -10000 ELSE CAST(ceil(ln(CAST(r.ended_at - r.started_at AS double precision)) / ln((1 + CAST(0.02 AS double precision)) / (1 - CAST(0.02 AS double precision)))) AS bigint) END, count(*), count(*) FILTER (WHERE r.outcome = 'success'), count(*) FILTER (WHERE r.outcome = 'fail')
FROM task_runs AS r JOIN sessions AS s ON s.site_id = r.site_id AND s.session_id = r.session_id
JOIN session_traits AS t ON t.site_id = r.site_id AND t.session_id = r.session_id GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO "audience_task_counts_daily" ("site_id", "trait_key", "trait_value", "hour", "returning", "task", "bucket", "started", "succeeded", "failed")
SELECT "site_id", "trait_key", "trait_value", "hour" - "hour" % 86400000, "returning", "task", "bucket", sum("started"), sum("succeeded"), sum("failed") FROM "audience_task_counts" GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO "audience_task_counts_monthly" ("site_id", "trait_key", "trait_value", "hour", "returning", "task", "bucket", "started", "succeeded", "failed")
SELECT "site_id", "trait_key", "trait_value", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "returning", "task", "bucket", sum("started"), sum("succeeded"), sum("failed") FROM "audience_task_counts" GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO "audience_task_score_counts" ("site_id", "trait_key", "trait_value", "hour", "returning", "task", "outcome", "kind", "score", "answers")
SELECT l.site_id, '', '', l.hour, s."returning", l.task, l.outcome, l.kind, l.score, count(*)
FROM task_answer_links AS l JOIN sessions AS s ON s.site_id = l.site_id AND s.session_id = l.session_id
WHERE l.chained = 0 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
--> statement-breakpoint
INSERT INTO "audience_task_score_counts" ("site_id", "trait_key", "trait_value", "hour", "returning", "task", "outcome", "kind", "score", "answers")
SELECT l.site_id, t.key, t.value, l.hour, s."returning", l.task, l.outcome, l.kind, l.score, count(*)
FROM task_answer_links AS l JOIN sessions AS s ON s.site_id = l.site_id AND s.session_id = l.session_id
JOIN session_traits AS t ON t.site_id = l.site_id AND t.session_id = l.session_id
WHERE l.chained = 0 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
--> statement-breakpoint
INSERT INTO "audience_task_score_counts_daily" ("site_id", "trait_key", "trait_value", "hour", "returning", "task", "outcome", "kind", "score", "answers")
SELECT "site_id", "trait_key", "trait_value", "hour" - "hour" % 86400000, "returning", "task", "outcome", "kind", "score", sum("answers") FROM "audience_task_score_counts" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
--> statement-breakpoint
INSERT INTO "audience_task_score_counts_monthly" ("site_id", "trait_key", "trait_value", "hour", "returning", "task", "outcome", "kind", "score", "answers")
SELECT "site_id", "trait_key", "trait_value", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "returning", "task", "outcome", "kind", "score", sum("answers") FROM "audience_task_score_counts" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
