CREATE TABLE `audience_score_counts` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`device` text NOT NULL,
	`kind` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `device`, `kind`, `score`)
);
--> statement-breakpoint
CREATE TABLE `audience_score_counts_daily` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`device` text NOT NULL,
	`kind` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `device`, `kind`, `score`)
);
--> statement-breakpoint
CREATE TABLE `audience_score_counts_monthly` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`device` text NOT NULL,
	`kind` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `device`, `kind`, `score`)
);
--> statement-breakpoint
-- The answers stored before these counts, as the writer counts them
-- (features/ingest/derive/customer-deltas.ts): trait_score_rollups summed over the prompt, browser
-- and language, then the daily and monthly tiers from the hourly rows.
INSERT INTO `audience_score_counts` (`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `device`, `kind`, `score`, `responses`, `comments`)
SELECT `site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `device`, `kind`, `score`, sum(`responses`), sum(`comments`)
FROM `trait_score_rollups` GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO `audience_score_counts_daily` (`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `device`, `kind`, `score`, `responses`, `comments`)
SELECT `site_id`, `trait_key`, `trait_value`, `hour` - `hour` % 86400000, `returning`, `device`, `kind`, `score`, sum(`responses`), sum(`comments`) FROM `audience_score_counts` GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO `audience_score_counts_monthly` (`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `device`, `kind`, `score`, `responses`, `comments`)
SELECT `site_id`, `trait_key`, `trait_value`, CAST(strftime('%s', `hour` / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000, `returning`, `device`, `kind`, `score`, sum(`responses`), sum(`comments`) FROM `audience_score_counts` GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
