CREATE TABLE `journey_rollups` (
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`depth` integer NOT NULL,
	`hour` integer NOT NULL,
	`journey` text NOT NULL,
	`score` integer NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `kind`, `depth`, `hour`, `journey`, `score`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `page_groups` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`name` text NOT NULL,
	`match` text NOT NULL,
	`pattern` text NOT NULL,
	`position` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `page_groups_site_position` ON `page_groups` (`site_id`,`position`);--> statement-breakpoint
CREATE TABLE `cohort_rollups` (
	`site_id` text NOT NULL,
	`interval` text NOT NULL,
	`cohort` text NOT NULL,
	`period` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`visitors` integer DEFAULT 0 NOT NULL,
	`converters` integer DEFAULT 0 NOT NULL,
	`converted_visitors` integer DEFAULT 0 NOT NULL,
	`repeat_converters` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `interval`, `cohort`, `period`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `visitor_cohorts` (
	`site_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`first_ts` integer NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	PRIMARY KEY(`site_id`, `visitor_id`)
);
--> statement-breakpoint
CREATE TABLE `visitor_periods` (
	`site_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`interval` text NOT NULL,
	`period` text NOT NULL,
	`converted` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `visitor_id`, `interval`, `period`)
);
--> statement-breakpoint
ALTER TABLE `responses` ADD `journey` text;