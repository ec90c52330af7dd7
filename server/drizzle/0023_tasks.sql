CREATE TABLE `task_duration_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`task` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`bucket` integer NOT NULL,
	`samples` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `task`, `path`, `device`, `browser`, `language`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `task_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`task` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`started` integer DEFAULT 0 NOT NULL,
	`succeeded` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `task`, `path`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `task_runs` (
	`site_id` text NOT NULL,
	`run_id` text NOT NULL,
	`session_id` text NOT NULL,
	`visitor_id` text,
	`task` text NOT NULL,
	`hour` integer NOT NULL,
	`started_at` integer NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`outcome` text,
	`ended_at` integer,
	PRIMARY KEY(`site_id`, `run_id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_runs_open_run` ON `task_runs` (`site_id`,`session_id`,`task`) WHERE outcome IS NULL;--> statement-breakpoint
CREATE INDEX `task_runs_open_started` ON `task_runs` (`site_id`,`started_at`) WHERE outcome IS NULL;--> statement-breakpoint
CREATE INDEX `task_runs_site_session` ON `task_runs` (`site_id`,`session_id`);--> statement-breakpoint
CREATE INDEX `task_runs_site_hour` ON `task_runs` (`site_id`,`hour`) WHERE outcome IS NOT NULL;