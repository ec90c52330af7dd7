CREATE TABLE `page_segment_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	`scroll_sum` real DEFAULT 0 NOT NULL,
	`rage_clicks` integer DEFAULT 0 NOT NULL,
	`dead_clicks` integer DEFAULT 0 NOT NULL,
	`error_clicks` integer DEFAULT 0 NOT NULL,
	`js_errors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `path`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `session_segment_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`entry_path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_sessions` integer DEFAULT 0 NOT NULL,
	`multi_page_sessions` integer DEFAULT 0 NOT NULL,
	`converted_sessions` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `entry_path`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `display_segment_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`prompt_id` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`shown` integer DEFAULT 0 NOT NULL,
	`dismissed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `prompt_id`, `path`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `score_segment_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`prompt_id` text NOT NULL,
	`kind` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `prompt_id`, `kind`, `path`, `device`, `browser`, `language`, `score`)
);
--> statement-breakpoint
CREATE TABLE `goal_segment_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`name` text NOT NULL,
	`entry_path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`conversions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `hour`, `name`, `entry_path`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `visitor_segment_sketches` (
	`site_id` text NOT NULL,
	`tier` text NOT NULL,
	`start` integer NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`visitors` blob NOT NULL,
	`returning` blob NOT NULL,
	PRIMARY KEY(`site_id`, `tier`, `start`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `display_client_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`browser` text NOT NULL,
	`prompt_id` text NOT NULL,
	`device` text NOT NULL,
	`language` text NOT NULL,
	`shown` integer DEFAULT 0 NOT NULL,
	`dismissed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `browser`, `prompt_id`, `device`, `language`)
);
--> statement-breakpoint
CREATE TABLE `display_client_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`browser` text NOT NULL,
	`prompt_id` text NOT NULL,
	`device` text NOT NULL,
	`language` text NOT NULL,
	`shown` integer DEFAULT 0 NOT NULL,
	`dismissed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `browser`, `prompt_id`, `device`, `language`)
);
--> statement-breakpoint
CREATE TABLE `display_segment_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`browser` text NOT NULL,
	`prompt_id` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`language` text NOT NULL,
	`shown` integer DEFAULT 0 NOT NULL,
	`dismissed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `browser`, `prompt_id`, `path`, `device`, `language`)
);
--> statement-breakpoint
CREATE TABLE `display_segment_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`browser` text NOT NULL,
	`prompt_id` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`language` text NOT NULL,
	`shown` integer DEFAULT 0 NOT NULL,
	`dismissed` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `browser`, `prompt_id`, `path`, `device`, `language`)
);
--> statement-breakpoint
CREATE TABLE `goal_client_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`name` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`conversions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `name`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `goal_client_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`name` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`conversions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `name`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `goal_segment_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`name` text NOT NULL,
	`entry_path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`conversions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `name`, `entry_path`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `goal_segment_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`name` text NOT NULL,
	`entry_path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`conversions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `name`, `entry_path`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `page_client_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	`scroll_sum` real DEFAULT 0 NOT NULL,
	`rage_clicks` integer DEFAULT 0 NOT NULL,
	`dead_clicks` integer DEFAULT 0 NOT NULL,
	`error_clicks` integer DEFAULT 0 NOT NULL,
	`js_errors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `page_client_hourly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	`scroll_sum` real DEFAULT 0 NOT NULL,
	`rage_clicks` integer DEFAULT 0 NOT NULL,
	`dead_clicks` integer DEFAULT 0 NOT NULL,
	`error_clicks` integer DEFAULT 0 NOT NULL,
	`js_errors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `page_client_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	`scroll_sum` real DEFAULT 0 NOT NULL,
	`rage_clicks` integer DEFAULT 0 NOT NULL,
	`dead_clicks` integer DEFAULT 0 NOT NULL,
	`error_clicks` integer DEFAULT 0 NOT NULL,
	`js_errors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `page_segment_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	`scroll_sum` real DEFAULT 0 NOT NULL,
	`rage_clicks` integer DEFAULT 0 NOT NULL,
	`dead_clicks` integer DEFAULT 0 NOT NULL,
	`error_clicks` integer DEFAULT 0 NOT NULL,
	`js_errors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `path`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `page_segment_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	`scroll_sum` real DEFAULT 0 NOT NULL,
	`rage_clicks` integer DEFAULT 0 NOT NULL,
	`dead_clicks` integer DEFAULT 0 NOT NULL,
	`error_clicks` integer DEFAULT 0 NOT NULL,
	`js_errors` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `path`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `score_client_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`browser` text NOT NULL,
	`prompt_id` text NOT NULL,
	`kind` text NOT NULL,
	`device` text NOT NULL,
	`language` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `browser`, `prompt_id`, `kind`, `device`, `language`, `score`)
);
--> statement-breakpoint
CREATE TABLE `score_client_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`browser` text NOT NULL,
	`prompt_id` text NOT NULL,
	`kind` text NOT NULL,
	`device` text NOT NULL,
	`language` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `browser`, `prompt_id`, `kind`, `device`, `language`, `score`)
);
--> statement-breakpoint
CREATE TABLE `score_segment_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`browser` text NOT NULL,
	`prompt_id` text NOT NULL,
	`kind` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`language` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `browser`, `prompt_id`, `kind`, `path`, `device`, `language`, `score`)
);
--> statement-breakpoint
CREATE TABLE `score_segment_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`browser` text NOT NULL,
	`prompt_id` text NOT NULL,
	`kind` text NOT NULL,
	`path` text NOT NULL,
	`device` text NOT NULL,
	`language` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `browser`, `prompt_id`, `kind`, `path`, `device`, `language`, `score`)
);
--> statement-breakpoint
CREATE TABLE `traffic_client_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_sessions` integer DEFAULT 0 NOT NULL,
	`multi_page_sessions` integer DEFAULT 0 NOT NULL,
	`converted_sessions` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `traffic_client_hourly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_sessions` integer DEFAULT 0 NOT NULL,
	`multi_page_sessions` integer DEFAULT 0 NOT NULL,
	`converted_sessions` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `traffic_client_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_sessions` integer DEFAULT 0 NOT NULL,
	`multi_page_sessions` integer DEFAULT 0 NOT NULL,
	`converted_sessions` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `traffic_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`entry_path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_sessions` integer DEFAULT 0 NOT NULL,
	`multi_page_sessions` integer DEFAULT 0 NOT NULL,
	`converted_sessions` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `entry_path`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `traffic_device_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`device` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_sessions` integer DEFAULT 0 NOT NULL,
	`multi_page_sessions` integer DEFAULT 0 NOT NULL,
	`converted_sessions` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `device`)
);
--> statement-breakpoint
CREATE TABLE `traffic_device_hourly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`device` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_sessions` integer DEFAULT 0 NOT NULL,
	`multi_page_sessions` integer DEFAULT 0 NOT NULL,
	`converted_sessions` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `device`)
);
--> statement-breakpoint
CREATE TABLE `traffic_device_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`device` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_sessions` integer DEFAULT 0 NOT NULL,
	`multi_page_sessions` integer DEFAULT 0 NOT NULL,
	`converted_sessions` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `device`)
);
--> statement-breakpoint
CREATE TABLE `traffic_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`entry_path` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	`engaged_sessions` integer DEFAULT 0 NOT NULL,
	`multi_page_sessions` integer DEFAULT 0 NOT NULL,
	`converted_sessions` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`engaged_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `entry_path`, `device`, `browser`, `language`)
);
--> statement-breakpoint
ALTER TABLE `session_pages` ADD `browser` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `session_pages` ADD `language` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sessions` ADD `tracks` integer DEFAULT 0 NOT NULL;