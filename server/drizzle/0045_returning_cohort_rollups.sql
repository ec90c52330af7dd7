CREATE TABLE `returning_cohort_rollups` (
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
ALTER TABLE `visitor_cohorts` ADD `counted_returning` integer DEFAULT 0 NOT NULL;