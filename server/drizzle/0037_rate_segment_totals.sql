CREATE TABLE `engagement_total_daily` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`bucket` integer NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `engagement_total_monthly` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`bucket` integer NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `engagement_total_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`bucket` integer NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `error_rate_total_daily` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`release` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`error_sessions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `release`)
);
--> statement-breakpoint
CREATE TABLE `error_rate_total_monthly` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`release` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`error_sessions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `release`)
);
--> statement-breakpoint
CREATE TABLE `error_rate_total_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`release` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`error_sessions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `release`)
);
--> statement-breakpoint
CREATE TABLE `page_error_total_daily` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`path` text NOT NULL,
	`visits` integer DEFAULT 0 NOT NULL,
	`error_visits` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `path`)
);
--> statement-breakpoint
CREATE TABLE `page_error_total_monthly` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`path` text NOT NULL,
	`visits` integer DEFAULT 0 NOT NULL,
	`error_visits` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `path`)
);
--> statement-breakpoint
CREATE TABLE `page_error_total_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`path` text NOT NULL,
	`visits` integer DEFAULT 0 NOT NULL,
	`error_visits` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `path`)
);
--> statement-breakpoint
CREATE TABLE `plain_click_total_daily` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`path` text NOT NULL,
	`selector` text NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `path`, `selector`)
);
--> statement-breakpoint
CREATE TABLE `plain_click_total_monthly` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`path` text NOT NULL,
	`selector` text NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `path`, `selector`)
);

--> statement-breakpoint
-- Backfill: each table without the visitor segment is its segmented table at the same grain summed
-- over device, browser and language, exactly what the derivations add to it from now on.
INSERT INTO `error_rate_total_rollups` (`site_id`, `hour`, `release`, `sessions`, `error_sessions`)
SELECT `site_id`, `hour`, `release`, sum(`sessions`), sum(`error_sessions`)
FROM `error_rate_rollups` GROUP BY `site_id`, `hour`, `release`;
--> statement-breakpoint
INSERT INTO `error_rate_total_daily` (`site_id`, `hour`, `release`, `sessions`, `error_sessions`)
SELECT `site_id`, `hour`, `release`, sum(`sessions`), sum(`error_sessions`)
FROM `error_rate_daily` GROUP BY `site_id`, `hour`, `release`;
--> statement-breakpoint
INSERT INTO `error_rate_total_monthly` (`site_id`, `hour`, `release`, `sessions`, `error_sessions`)
SELECT `site_id`, `hour`, `release`, sum(`sessions`), sum(`error_sessions`)
FROM `error_rate_monthly` GROUP BY `site_id`, `hour`, `release`;
--> statement-breakpoint
INSERT INTO `page_error_total_rollups` (`site_id`, `hour`, `path`, `visits`, `error_visits`)
SELECT `site_id`, `hour`, `path`, sum(`visits`), sum(`error_visits`)
FROM `page_error_rollups` GROUP BY `site_id`, `hour`, `path`;
--> statement-breakpoint
INSERT INTO `page_error_total_daily` (`site_id`, `hour`, `path`, `visits`, `error_visits`)
SELECT `site_id`, `hour`, `path`, sum(`visits`), sum(`error_visits`)
FROM `page_error_daily` GROUP BY `site_id`, `hour`, `path`;
--> statement-breakpoint
INSERT INTO `page_error_total_monthly` (`site_id`, `hour`, `path`, `visits`, `error_visits`)
SELECT `site_id`, `hour`, `path`, sum(`visits`), sum(`error_visits`)
FROM `page_error_monthly` GROUP BY `site_id`, `hour`, `path`;
--> statement-breakpoint
INSERT INTO `engagement_total_rollups` (`site_id`, `hour`, `bucket`, `sessions`, `engaged_ms`)
SELECT `site_id`, `hour`, `bucket`, sum(`sessions`), sum(`engaged_ms`)
FROM `engagement_rollups` GROUP BY `site_id`, `hour`, `bucket`;
--> statement-breakpoint
INSERT INTO `engagement_total_daily` (`site_id`, `hour`, `bucket`, `sessions`, `engaged_ms`)
SELECT `site_id`, `hour`, `bucket`, sum(`sessions`), sum(`engaged_ms`)
FROM `engagement_daily` GROUP BY `site_id`, `hour`, `bucket`;
--> statement-breakpoint
INSERT INTO `engagement_total_monthly` (`site_id`, `hour`, `bucket`, `sessions`, `engaged_ms`)
SELECT `site_id`, `hour`, `bucket`, sum(`sessions`), sum(`engaged_ms`)
FROM `engagement_monthly` GROUP BY `site_id`, `hour`, `bucket`;
--> statement-breakpoint
INSERT INTO `plain_click_total_daily` (`site_id`, `hour`, `path`, `selector`, `events`)
SELECT `site_id`, `hour`, `path`, `selector`, sum(`events`)
FROM `plain_click_daily` GROUP BY `site_id`, `hour`, `path`, `selector`;
--> statement-breakpoint
INSERT INTO `plain_click_total_monthly` (`site_id`, `hour`, `path`, `selector`, `events`)
SELECT `site_id`, `hour`, `path`, `selector`, sum(`events`)
FROM `plain_click_monthly` GROUP BY `site_id`, `hour`, `path`, `selector`;
