CREATE TABLE `error_groups` (
	`site_id` text NOT NULL,
	`fingerprint` text NOT NULL,
	`source` text NOT NULL,
	`error_type` text NOT NULL,
	`message` text NOT NULL,
	`frames` text,
	`sample_path` text NOT NULL,
	`first_ts` integer NOT NULL,
	`last_ts` integer NOT NULL,
	PRIMARY KEY(`site_id`, `fingerprint`)
);
--> statement-breakpoint
CREATE TABLE `error_session_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`fingerprint` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `fingerprint`, `path`, `device`)
);
--> statement-breakpoint
CREATE TABLE `friction_page_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`kind` text NOT NULL,
	`path` text NOT NULL,
	`score` integer NOT NULL,
	`met` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `kind`, `path`, `score`, `met`)
);
--> statement-breakpoint
CREATE TABLE `friction_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`kind` text NOT NULL,
	`score` integer NOT NULL,
	`mask` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `kind`, `score`, `mask`)
);
--> statement-breakpoint
CREATE TABLE `goal_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`name` text NOT NULL,
	`conversions` integer DEFAULT 0 NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `name`)
);
--> statement-breakpoint
CREATE TABLE `session_errors` (
	`site_id` text NOT NULL,
	`session_id` text NOT NULL,
	`fingerprint` text NOT NULL,
	PRIMARY KEY(`site_id`, `session_id`, `fingerprint`)
);
--> statement-breakpoint
CREATE TABLE `session_goals` (
	`site_id` text NOT NULL,
	`session_id` text NOT NULL,
	`name` text NOT NULL,
	PRIMARY KEY(`site_id`, `session_id`, `name`)
);
--> statement-breakpoint
CREATE TABLE `visitor_sketches` (
	`site_id` text NOT NULL,
	`tier` text NOT NULL,
	`start` integer NOT NULL,
	`visitors` blob NOT NULL,
	`returning` blob NOT NULL,
	PRIMARY KEY(`site_id`, `tier`, `start`)
);
--> statement-breakpoint
CREATE TABLE `display_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`prompt_id` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`language` text NOT NULL,
	`shown` integer DEFAULT 0 NOT NULL,
	`dismissed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `prompt_id`, `path`, `device`, `language`)
);
--> statement-breakpoint
CREATE TABLE `display_language_daily` (
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
CREATE TABLE `display_language_monthly` (
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
CREATE TABLE `display_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`prompt_id` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`language` text NOT NULL,
	`shown` integer DEFAULT 0 NOT NULL,
	`dismissed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `prompt_id`, `path`, `device`, `language`)
);
--> statement-breakpoint
CREATE TABLE `display_page_daily` (
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
CREATE TABLE `display_page_monthly` (
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
CREATE TABLE `display_prompt_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`prompt_id` text NOT NULL,
	`shown` integer DEFAULT 0 NOT NULL,
	`dismissed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `prompt_id`)
);
--> statement-breakpoint
CREATE TABLE `display_prompt_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`prompt_id` text NOT NULL,
	`shown` integer DEFAULT 0 NOT NULL,
	`dismissed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `prompt_id`)
);
--> statement-breakpoint
CREATE TABLE `error_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`fingerprint` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `fingerprint`, `path`, `device`)
);
--> statement-breakpoint
CREATE TABLE `error_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`fingerprint` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `fingerprint`, `path`, `device`)
);
--> statement-breakpoint
CREATE TABLE `friction_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`kind` text NOT NULL,
	`score` integer NOT NULL,
	`mask` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `kind`, `score`, `mask`)
);
--> statement-breakpoint
CREATE TABLE `friction_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`kind` text NOT NULL,
	`score` integer NOT NULL,
	`mask` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `kind`, `score`, `mask`)
);
--> statement-breakpoint
CREATE TABLE `friction_page_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`kind` text NOT NULL,
	`path` text NOT NULL,
	`score` integer NOT NULL,
	`met` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `kind`, `path`, `score`, `met`)
);
--> statement-breakpoint
CREATE TABLE `friction_page_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`kind` text NOT NULL,
	`path` text NOT NULL,
	`score` integer NOT NULL,
	`met` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `kind`, `path`, `score`, `met`)
);
--> statement-breakpoint
CREATE TABLE `frustration_click_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`path` text NOT NULL,
	`selector` text NOT NULL,
	`kind` text NOT NULL,
	`device` text NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `path`, `selector`, `kind`, `device`)
);
--> statement-breakpoint
CREATE TABLE `frustration_click_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`path` text NOT NULL,
	`selector` text NOT NULL,
	`kind` text NOT NULL,
	`device` text NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `path`, `selector`, `kind`, `device`)
);
--> statement-breakpoint
CREATE TABLE `goal_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`name` text NOT NULL,
	`conversions` integer DEFAULT 0 NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `name`)
);
--> statement-breakpoint
CREATE TABLE `goal_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`name` text NOT NULL,
	`conversions` integer DEFAULT 0 NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `name`)
);
--> statement-breakpoint
CREATE TABLE `page_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
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
	PRIMARY KEY(`site_id`, `start`, `path`, `device`)
);
--> statement-breakpoint
CREATE TABLE `page_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
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
	PRIMARY KEY(`site_id`, `start`, `path`, `device`)
);
--> statement-breakpoint
CREATE TABLE `score_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`prompt_id` text NOT NULL,
	`kind` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`language` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `prompt_id`, `kind`, `path`, `device`, `language`, `score`)
);
--> statement-breakpoint
CREATE TABLE `score_language_daily` (
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
CREATE TABLE `score_language_monthly` (
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
CREATE TABLE `score_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`prompt_id` text NOT NULL,
	`kind` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`language` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `prompt_id`, `kind`, `path`, `device`, `language`, `score`)
);
--> statement-breakpoint
CREATE TABLE `score_page_daily` (
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
CREATE TABLE `score_page_monthly` (
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
CREATE TABLE `score_prompt_daily` (
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
CREATE TABLE `score_prompt_monthly` (
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
CREATE TABLE `session_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`entry_path` text NOT NULL,
	`device` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_sessions` integer DEFAULT 0 NOT NULL,
	`multi_page_sessions` integer DEFAULT 0 NOT NULL,
	`frustrated_sessions` integer DEFAULT 0 NOT NULL,
	`responded_sessions` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `entry_path`, `device`)
);
--> statement-breakpoint
CREATE TABLE `session_device_daily` (
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
--> statement-breakpoint
CREATE TABLE `session_device_monthly` (
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
--> statement-breakpoint
CREATE TABLE `session_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`entry_path` text NOT NULL,
	`device` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_sessions` integer DEFAULT 0 NOT NULL,
	`multi_page_sessions` integer DEFAULT 0 NOT NULL,
	`frustrated_sessions` integer DEFAULT 0 NOT NULL,
	`responded_sessions` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `entry_path`, `device`)
);
--> statement-breakpoint
CREATE TABLE `vital_page_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`path` text NOT NULL,
	`name` text NOT NULL,
	`hist` text DEFAULT '{}' NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `path`, `name`)
);
--> statement-breakpoint
CREATE TABLE `vital_page_device_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`name` text NOT NULL,
	`hist` text DEFAULT '{}' NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `path`, `device`, `name`)
);
--> statement-breakpoint
CREATE TABLE `vital_page_device_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`name` text NOT NULL,
	`hist` text DEFAULT '{}' NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `path`, `device`, `name`)
);
--> statement-breakpoint
CREATE TABLE `vital_page_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`path` text NOT NULL,
	`name` text NOT NULL,
	`hist` text DEFAULT '{}' NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `path`, `name`)
);
--> statement-breakpoint
ALTER TABLE `responses` ADD `friction_pageviews` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `responses` ADD `friction_rage` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `responses` ADD `friction_dead` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `responses` ADD `friction_error_clicks` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `responses` ADD `friction_js_errors` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `responses` ADD `friction_score` integer;--> statement-breakpoint
ALTER TABLE `responses` ADD `friction_pages` text;--> statement-breakpoint
CREATE INDEX `responses_site_resolved_at` ON `responses` (`site_id`,`resolved_at`,`created_at`) WHERE resolved_at IS NOT NULL;