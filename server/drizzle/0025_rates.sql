CREATE TABLE `engagement_daily` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`bucket` integer NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `device`, `browser`, `language`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `engagement_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`bucket` integer NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `device`, `browser`, `language`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `error_rate_daily` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`release` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`error_sessions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `device`, `browser`, `language`, `release`)
);
--> statement-breakpoint
CREATE TABLE `error_rate_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`release` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`error_sessions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `device`, `browser`, `language`, `release`)
);
--> statement-breakpoint
CREATE TABLE `page_error_daily` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`visits` integer DEFAULT 0 NOT NULL,
	`error_visits` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `path`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `page_error_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`visits` integer DEFAULT 0 NOT NULL,
	`error_visits` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `path`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `plain_click_daily` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`path` text NOT NULL,
	`selector` text NOT NULL,
	`device` text NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `path`, `selector`, `device`)
);
--> statement-breakpoint
ALTER TABLE `session_pages` ADD `js_errors` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `release` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Backfill what the stored rows still tell: sessions and their error sessions (no release before
-- this migration), and ordinary clicks by day. Page error visits and the engagement histogram
-- start with this migration (a page visit's errors and the log buckets are not in older rows).
INSERT INTO `error_rate_rollups` (`site_id`, `hour`, `device`, `browser`, `language`, `release`, `sessions`, `error_sessions`)
SELECT `site_id`, `hour`, `device`, `browser`, `language`, '', count(*), sum(`js_errors` > 0) FROM `sessions`
GROUP BY `site_id`, `hour`, `device`, `browser`, `language`;
--> statement-breakpoint
INSERT INTO `error_rate_daily` (`site_id`, `hour`, `device`, `browser`, `language`, `release`, `sessions`, `error_sessions`)
SELECT `site_id`, `hour` - `hour` % 86400000, `device`, `browser`, `language`, '', sum(`sessions`), sum(`error_sessions`)
FROM `error_rate_rollups` GROUP BY `site_id`, `hour` - `hour` % 86400000, `device`, `browser`, `language`;
--> statement-breakpoint
INSERT INTO `plain_click_daily` (`site_id`, `hour`, `path`, `selector`, `device`, `events`)
SELECT `site_id`, `hour` - `hour` % 86400000, `path`, `selector`, `device`, sum(`events`) FROM `click_rollups`
WHERE `kind` = 'click' GROUP BY `site_id`, `hour` - `hour` % 86400000, `path`, `selector`, `device`;
