CREATE TABLE `page_conversion_backfill` (
	`site_id` text PRIMARY KEY NOT NULL,
	`cursor` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `page_conversion_counts` (
	`site_id` text NOT NULL,
	`goal_key` integer NOT NULL,
	`hour` integer NOT NULL,
	`page_key` integer NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`converted` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `goal_key`, `hour`, `page_key`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `page_conversion_counts_daily` (
	`site_id` text NOT NULL,
	`goal_key` integer NOT NULL,
	`hour` integer NOT NULL,
	`page_key` integer NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`converted` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `goal_key`, `hour`, `page_key`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `page_conversion_counts_monthly` (
	`site_id` text NOT NULL,
	`goal_key` integer NOT NULL,
	`hour` integer NOT NULL,
	`page_key` integer NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`converted` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `goal_key`, `hour`, `page_key`, `device`, `browser`, `language`)
);
--> statement-breakpoint
-- Sessions stored before goal conversion by page was counted at ingest: counted in the background, per site.
INSERT INTO `page_conversion_backfill` (`site_id`, `cursor`) SELECT DISTINCT `site_id`, '' FROM `session_steps`;