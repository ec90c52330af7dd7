CREATE TABLE `display_language_hourly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`prompt_id` text NOT NULL,
	`device` text NOT NULL,
	`language` text NOT NULL,
	`shown` integer DEFAULT 0 NOT NULL,
	`dismissed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `prompt_id`, `device`, `language`)
);
--> statement-breakpoint
CREATE TABLE `display_page_hourly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`prompt_id` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`shown` integer DEFAULT 0 NOT NULL,
	`dismissed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `prompt_id`, `path`, `device`)
);
--> statement-breakpoint
CREATE TABLE `display_prompt_hourly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`prompt_id` text NOT NULL,
	`shown` integer DEFAULT 0 NOT NULL,
	`dismissed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `prompt_id`)
);
--> statement-breakpoint
CREATE TABLE `score_language_hourly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`prompt_id` text NOT NULL,
	`kind` text NOT NULL,
	`device` text NOT NULL,
	`language` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `prompt_id`, `kind`, `device`, `language`, `score`)
);
--> statement-breakpoint
CREATE TABLE `score_page_hourly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`prompt_id` text NOT NULL,
	`kind` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `prompt_id`, `kind`, `path`, `device`, `score`)
);
--> statement-breakpoint
CREATE TABLE `score_prompt_hourly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`prompt_id` text NOT NULL,
	`kind` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `prompt_id`, `kind`, `score`)
);
--> statement-breakpoint
CREATE TABLE `session_device_hourly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`device` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_sessions` integer DEFAULT 0 NOT NULL,
	`multi_page_sessions` integer DEFAULT 0 NOT NULL,
	`frustrated_sessions` integer DEFAULT 0 NOT NULL,
	`responded_sessions` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `device`)
);
