CREATE TABLE `customer_cohort_rollups` (
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
CREATE TABLE `customer_cohorts` (
	`site_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`first_ts` integer NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`converted_weeks_before` integer DEFAULT 0 NOT NULL,
	`converted_months_before` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `customer_id`)
);
--> statement-breakpoint
CREATE TABLE `customer_periods` (
	`site_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`interval` text NOT NULL,
	`period` text NOT NULL,
	`converted` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `customer_id`, `interval`, `period`)
);
--> statement-breakpoint
CREATE INDEX `customer_periods_site_interval_period` ON `customer_periods` (`site_id`,`interval`,`period`);--> statement-breakpoint
CREATE TABLE `customer_sessions` (
	`site_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`session_id` text NOT NULL,
	PRIMARY KEY(`site_id`, `customer_id`, `session_id`)
);
--> statement-breakpoint
CREATE INDEX `customer_sessions_site_session` ON `customer_sessions` (`site_id`,`session_id`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `customer_ts` integer;--> statement-breakpoint
ALTER TABLE `sessions` ADD `traits_ts` integer;--> statement-breakpoint
ALTER TABLE `visitor_cohorts` ADD `converted_weeks_before` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `visitor_cohorts` ADD `converted_months_before` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `visitor_periods_site_interval_period` ON `visitor_periods` (`site_id`,`interval`,`period`);