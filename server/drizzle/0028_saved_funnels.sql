CREATE TABLE `band_conversion_backfill` (
	`site_id` text PRIMARY KEY NOT NULL,
	`cursor` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `band_conversion_counts` (
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`goal` text NOT NULL,
	`hour` integer NOT NULL,
	`band` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`converted` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `kind`, `goal`, `hour`, `band`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `band_conversion_counts_daily` (
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`goal` text NOT NULL,
	`hour` integer NOT NULL,
	`band` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`converted` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `kind`, `goal`, `hour`, `band`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `band_conversion_counts_monthly` (
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`goal` text NOT NULL,
	`hour` integer NOT NULL,
	`band` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`converted` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `kind`, `goal`, `hour`, `band`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `band_conversion_sessions` (
	`site_id` text NOT NULL,
	`session_id` text NOT NULL,
	`keys` text NOT NULL,
	PRIMARY KEY(`site_id`, `session_id`)
);
--> statement-breakpoint
CREATE TABLE `saved_funnel_counts` (
	`site_id` text NOT NULL,
	`funnel_id` text NOT NULL,
	`generation` integer NOT NULL,
	`hour` integer NOT NULL,
	`step` integer NOT NULL,
	`bucket` integer NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `funnel_id`, `generation`, `hour`, `step`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `saved_funnel_counts_daily` (
	`site_id` text NOT NULL,
	`funnel_id` text NOT NULL,
	`generation` integer NOT NULL,
	`hour` integer NOT NULL,
	`step` integer NOT NULL,
	`bucket` integer NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `funnel_id`, `generation`, `hour`, `step`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `saved_funnel_counts_monthly` (
	`site_id` text NOT NULL,
	`funnel_id` text NOT NULL,
	`generation` integer NOT NULL,
	`hour` integer NOT NULL,
	`step` integer NOT NULL,
	`bucket` integer NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `funnel_id`, `generation`, `hour`, `step`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `saved_funnel_garbage` (
	`site_id` text NOT NULL,
	`funnel_id` text NOT NULL,
	`generation` integer NOT NULL,
	PRIMARY KEY(`site_id`, `funnel_id`, `generation`)
);
--> statement-breakpoint
CREATE TABLE `saved_funnel_sessions` (
	`site_id` text NOT NULL,
	`funnel_id` text NOT NULL,
	`generation` integer NOT NULL,
	`session_id` text NOT NULL,
	`times` text NOT NULL,
	PRIMARY KEY(`site_id`, `funnel_id`, `generation`, `session_id`)
);
--> statement-breakpoint
CREATE TABLE `saved_funnels` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`name` text NOT NULL,
	`steps` text NOT NULL,
	`generation` integer NOT NULL,
	`backfill_cursor` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `saved_funnels_site` ON `saved_funnels` (`site_id`);--> statement-breakpoint
-- Answers stored before goal conversion by band was counted at ingest: counted in the background, per site.
INSERT INTO `band_conversion_backfill` (`site_id`, `cursor`) SELECT DISTINCT `site_id`, '' FROM `responses`;
