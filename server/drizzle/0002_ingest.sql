CREATE TABLE `events` (
	`site_id` text NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`ts` integer NOT NULL,
	`received_at` integer NOT NULL,
	`session_id` text NOT NULL,
	`visitor_id` text,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`click_kind` text,
	`selector` text,
	`fingerprint` text,
	`vital_name` text,
	`vital_value` real,
	`prompt_id` text,
	`display_id` text,
	`track_name` text,
	`payload` text NOT NULL,
	PRIMARY KEY(`site_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `events_site_type_ts` ON `events` (`site_id`,`type`,`ts`);--> statement-breakpoint
CREATE INDEX `events_site_session_ts` ON `events` (`site_id`,`session_id`,`ts`);--> statement-breakpoint
CREATE TABLE `responses` (
	`site_id` text NOT NULL,
	`display_id` text NOT NULL,
	`prompt_id` text NOT NULL,
	`kind` text NOT NULL,
	`score` integer NOT NULL,
	`comment` text,
	`session_id` text NOT NULL,
	`visitor_id` text,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`note` text,
	`resolved_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `responses_site_display` ON `responses` (`site_id`,`display_id`);--> statement-breakpoint
CREATE INDEX `responses_site_created` ON `responses` (`site_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `responses_site_prompt_created` ON `responses` (`site_id`,`prompt_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `responses_site_session` ON `responses` (`site_id`,`session_id`);--> statement-breakpoint
CREATE TABLE `session_pages` (
	`site_id` text NOT NULL,
	`session_id` text NOT NULL,
	`path` text NOT NULL,
	`hour` integer NOT NULL,
	`device` text NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`max_scroll` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `session_id`, `path`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`site_id` text NOT NULL,
	`session_id` text NOT NULL,
	`visitor_id` text,
	`hour` integer NOT NULL,
	`first_ts` integer NOT NULL,
	`last_ts` integer NOT NULL,
	`entry_path` text NOT NULL,
	`exit_path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	`rage_clicks` integer DEFAULT 0 NOT NULL,
	`dead_clicks` integer DEFAULT 0 NOT NULL,
	`error_clicks` integer DEFAULT 0 NOT NULL,
	`js_errors` integer DEFAULT 0 NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`engaged` integer DEFAULT false NOT NULL,
	`frustrated` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`site_id`, `session_id`)
);
--> statement-breakpoint
CREATE INDEX `sessions_site_first_ts` ON `sessions` (`site_id`,`first_ts`);--> statement-breakpoint
CREATE INDEX `sessions_site_visitor` ON `sessions` (`site_id`,`visitor_id`);--> statement-breakpoint
CREATE TABLE `click_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`path` text NOT NULL,
	`selector` text NOT NULL,
	`kind` text NOT NULL,
	`device` text NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `path`, `selector`, `kind`, `device`)
);
--> statement-breakpoint
CREATE TABLE `error_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`fingerprint` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `fingerprint`, `path`, `device`)
);
--> statement-breakpoint
CREATE TABLE `page_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	`scroll_sum` real DEFAULT 0 NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	`rage_clicks` integer DEFAULT 0 NOT NULL,
	`dead_clicks` integer DEFAULT 0 NOT NULL,
	`error_clicks` integer DEFAULT 0 NOT NULL,
	`js_errors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `path`, `device`)
);
--> statement-breakpoint
CREATE TABLE `session_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`entry_path` text NOT NULL,
	`device` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_sessions` integer DEFAULT 0 NOT NULL,
	`multi_page_sessions` integer DEFAULT 0 NOT NULL,
	`frustrated_sessions` integer DEFAULT 0 NOT NULL,
	`responded_sessions` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `entry_path`, `device`)
);
--> statement-breakpoint
CREATE TABLE `vital_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`name` text NOT NULL,
	`bucket` integer NOT NULL,
	`samples` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `path`, `device`, `name`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `prompt_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`prompt_id` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`language` text NOT NULL,
	`shown` integer DEFAULT 0 NOT NULL,
	`dismissed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `prompt_id`, `path`, `device`, `language`)
);
--> statement-breakpoint
CREATE TABLE `score_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`prompt_id` text NOT NULL,
	`kind` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`language` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `prompt_id`, `kind`, `path`, `device`, `language`, `score`)
);
