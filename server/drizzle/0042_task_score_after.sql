CREATE TABLE `task_answer_links` (
	`site_id` text NOT NULL,
	`display_id` text NOT NULL,
	`run_id` text NOT NULL,
	`session_id` text NOT NULL,
	`task` text NOT NULL,
	`hour` integer NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`outcome` text NOT NULL,
	`ended_at` integer NOT NULL,
	`kind` text NOT NULL,
	`score` integer NOT NULL,
	`chained` integer NOT NULL,
	PRIMARY KEY(`site_id`, `display_id`, `run_id`)
);
--> statement-breakpoint
CREATE INDEX `task_answer_links_site_session` ON `task_answer_links` (`site_id`,`session_id`);--> statement-breakpoint
CREATE INDEX `task_answer_links_chained_hour` ON `task_answer_links` (`site_id`,`hour`) WHERE chained = 1;--> statement-breakpoint
CREATE TABLE `task_score_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`task` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`outcome` text NOT NULL,
	`kind` text NOT NULL,
	`score` integer NOT NULL,
	`answers` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `task`, `path`, `device`, `browser`, `language`, `outcome`, `kind`, `score`)
);
--> statement-breakpoint
CREATE TABLE `task_score_rollups_daily` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`task` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`outcome` text NOT NULL,
	`kind` text NOT NULL,
	`score` integer NOT NULL,
	`answers` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `task`, `path`, `device`, `browser`, `language`, `outcome`, `kind`, `score`)
);
--> statement-breakpoint
CREATE TABLE `task_score_rollups_monthly` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`task` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`outcome` text NOT NULL,
	`kind` text NOT NULL,
	`score` integer NOT NULL,
	`answers` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `task`, `path`, `device`, `browser`, `language`, `outcome`, `kind`, `score`)
);--> statement-breakpoint
-- Backfill: every answer after an ended run of its task in its session, and the count of those after exactly one (docs/tasks.md).
INSERT INTO `task_answer_links` (`site_id`, `display_id`, `run_id`, `session_id`, `task`, `hour`, `path`, `device`, `browser`, `language`, `outcome`, `ended_at`, `kind`, `score`, `chained`)
SELECT r.`site_id`, p.`display_id`, r.`run_id`, r.`session_id`, r.`task`, r.`hour`, r.`path`, r.`device`, r.`browser`, r.`language`, r.`outcome`, r.`ended_at`, p.`kind`, p.`score`,
CASE WHEN count(*) OVER (PARTITION BY r.`site_id`, p.`display_id`, r.`task`) > 1 THEN 1 ELSE 0 END
FROM `task_runs` r JOIN `responses` p ON p.`site_id` = r.`site_id` AND p.`session_id` = r.`session_id` AND p.`created_at` >= r.`ended_at`
WHERE r.`outcome` IS NOT NULL;
--> statement-breakpoint
INSERT INTO `task_score_rollups` (`site_id`, `hour`, `task`, `path`, `device`, `browser`, `language`, `outcome`, `kind`, `score`, `answers`)
SELECT `site_id`, `hour`, `task`, `path`, `device`, `browser`, `language`, `outcome`, `kind`, `score`, count(*) FROM `task_answer_links` WHERE `chained` = 0
GROUP BY `site_id`, `hour`, `task`, `path`, `device`, `browser`, `language`, `outcome`, `kind`, `score`;
--> statement-breakpoint
INSERT INTO `task_score_rollups_daily` (`site_id`, `hour`, `task`, `path`, `device`, `browser`, `language`, `outcome`, `kind`, `score`, `answers`)
SELECT `site_id`, `hour` - `hour` % 86400000, `task`, `path`, `device`, `browser`, `language`, `outcome`, `kind`, `score`, sum(`answers`) FROM `task_score_rollups`
GROUP BY `site_id`, `hour` - `hour` % 86400000, `task`, `path`, `device`, `browser`, `language`, `outcome`, `kind`, `score`;
--> statement-breakpoint
INSERT INTO `task_score_rollups_monthly` (`site_id`, `hour`, `task`, `path`, `device`, `browser`, `language`, `outcome`, `kind`, `score`, `answers`)
SELECT `site_id`, (CAST(strftime('%s', `hour` / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000), `task`, `path`, `device`, `browser`, `language`, `outcome`, `kind`, `score`, sum(`answers`) FROM `task_score_rollups`
GROUP BY `site_id`, (CAST(strftime('%s', `hour` / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000), `task`, `path`, `device`, `browser`, `language`, `outcome`, `kind`, `score`;
