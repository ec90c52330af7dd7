CREATE TABLE `audience_task_counts` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`task` text NOT NULL,
	`bucket` integer NOT NULL,
	`started` integer DEFAULT 0 NOT NULL,
	`succeeded` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `task`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `audience_task_counts_daily` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`task` text NOT NULL,
	`bucket` integer NOT NULL,
	`started` integer DEFAULT 0 NOT NULL,
	`succeeded` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `task`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `audience_task_counts_monthly` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`task` text NOT NULL,
	`bucket` integer NOT NULL,
	`started` integer DEFAULT 0 NOT NULL,
	`succeeded` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `task`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `audience_task_score_counts` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`task` text NOT NULL,
	`outcome` text NOT NULL,
	`kind` text NOT NULL,
	`score` integer NOT NULL,
	`answers` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `task`, `outcome`, `kind`, `score`)
);
--> statement-breakpoint
CREATE TABLE `audience_task_score_counts_daily` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`task` text NOT NULL,
	`outcome` text NOT NULL,
	`kind` text NOT NULL,
	`score` integer NOT NULL,
	`answers` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `task`, `outcome`, `kind`, `score`)
);
--> statement-breakpoint
CREATE TABLE `audience_task_score_counts_monthly` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`task` text NOT NULL,
	`outcome` text NOT NULL,
	`kind` text NOT NULL,
	`score` integer NOT NULL,
	`answers` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `task`, `outcome`, `kind`, `score`)
);
--> statement-breakpoint
-- The runs and answers stored before these counts, counted as the writer counts them
-- (features/ingest/derive/audience-task-deltas.ts): each run of a stored session in its start hour,
-- with the session's returning flag, under '' and under each of the session's traits, in the
-- bucket of its time on task if it succeeded (lib/vital-histogram.ts: -10000 for no time, else
-- ceil(ln(ms) / ln(1.02 / 0.98))), -1 otherwise; each answer after exactly one ended run of its task
-- (task_answer_links.chained = 0) under the same keys of that run; then the daily and monthly tiers
-- from the hourly rows. Each pair of first statements' keys is disjoint (trait names are never '').
-- The trait joins name session_traits' primary key: without statistics SQLite took (site_id, key,
-- value, session_id), narrowed by the site alone, and read every trait of the site per run.
INSERT INTO `audience_task_counts` (`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `task`, `bucket`, `started`, `succeeded`, `failed`)
SELECT r.site_id, '', '', r.hour, s.`returning`, r.task, CASE WHEN r.outcome IS NOT 'success' THEN -1 WHEN r.ended_at - r.started_at < 1 THEN -10000 ELSE CAST(ceil(ln(r.ended_at - r.started_at) / ln((1 + 0.02) / (1 - 0.02))) AS INTEGER) END, count(*), sum(r.outcome IS 'success'), sum(r.outcome IS 'fail')
FROM task_runs AS r JOIN sessions AS s ON s.site_id = r.site_id AND s.session_id = r.session_id GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO `audience_task_counts` (`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `task`, `bucket`, `started`, `succeeded`, `failed`)
SELECT r.site_id, t.key, t.value, r.hour, s.`returning`, r.task, CASE WHEN r.outcome IS NOT 'success' THEN -1 WHEN r.ended_at - r.started_at < 1 THEN -10000 ELSE CAST(ceil(ln(r.ended_at - r.started_at) / ln((1 + 0.02) / (1 - 0.02))) AS INTEGER) END, count(*), sum(r.outcome IS 'success'), sum(r.outcome IS 'fail')
FROM task_runs AS r JOIN sessions AS s ON s.site_id = r.site_id AND s.session_id = r.session_id
JOIN session_traits AS t INDEXED BY sqlite_autoindex_session_traits_1 ON t.site_id = r.site_id AND t.session_id = r.session_id GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO `audience_task_counts_daily` (`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `task`, `bucket`, `started`, `succeeded`, `failed`)
SELECT `site_id`, `trait_key`, `trait_value`, `hour` - `hour` % 86400000, `returning`, `task`, `bucket`, sum(`started`), sum(`succeeded`), sum(`failed`) FROM `audience_task_counts` GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO `audience_task_counts_monthly` (`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `task`, `bucket`, `started`, `succeeded`, `failed`)
SELECT `site_id`, `trait_key`, `trait_value`, CAST(strftime('%s', `hour` / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000, `returning`, `task`, `bucket`, sum(`started`), sum(`succeeded`), sum(`failed`) FROM `audience_task_counts` GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO `audience_task_score_counts` (`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `task`, `outcome`, `kind`, `score`, `answers`)
SELECT l.site_id, '', '', l.hour, s.`returning`, l.task, l.outcome, l.kind, l.score, count(*)
FROM task_answer_links AS l JOIN sessions AS s ON s.site_id = l.site_id AND s.session_id = l.session_id
WHERE l.chained = 0 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
--> statement-breakpoint
INSERT INTO `audience_task_score_counts` (`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `task`, `outcome`, `kind`, `score`, `answers`)
SELECT l.site_id, t.key, t.value, l.hour, s.`returning`, l.task, l.outcome, l.kind, l.score, count(*)
FROM task_answer_links AS l JOIN sessions AS s ON s.site_id = l.site_id AND s.session_id = l.session_id
JOIN session_traits AS t INDEXED BY sqlite_autoindex_session_traits_1 ON t.site_id = l.site_id AND t.session_id = l.session_id
WHERE l.chained = 0 GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
--> statement-breakpoint
INSERT INTO `audience_task_score_counts_daily` (`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `task`, `outcome`, `kind`, `score`, `answers`)
SELECT `site_id`, `trait_key`, `trait_value`, `hour` - `hour` % 86400000, `returning`, `task`, `outcome`, `kind`, `score`, sum(`answers`) FROM `audience_task_score_counts` GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
--> statement-breakpoint
INSERT INTO `audience_task_score_counts_monthly` (`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `task`, `outcome`, `kind`, `score`, `answers`)
SELECT `site_id`, `trait_key`, `trait_value`, CAST(strftime('%s', `hour` / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000, `returning`, `task`, `outcome`, `kind`, `score`, sum(`answers`) FROM `audience_task_score_counts` GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
