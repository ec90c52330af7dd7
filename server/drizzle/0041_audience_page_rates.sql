CREATE TABLE `audience_page_rates` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`path` text NOT NULL,
	`visits` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`js_errors` integer DEFAULT 0 NOT NULL,
	`scroll_sum` real DEFAULT 0 NOT NULL,
	`entries` integer DEFAULT 0 NOT NULL,
	`engaged_entries` integer DEFAULT 0 NOT NULL,
	`multi_page_entries` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `path`)
);
--> statement-breakpoint
CREATE TABLE `audience_page_rates_daily` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`path` text NOT NULL,
	`visits` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`js_errors` integer DEFAULT 0 NOT NULL,
	`scroll_sum` real DEFAULT 0 NOT NULL,
	`entries` integer DEFAULT 0 NOT NULL,
	`engaged_entries` integer DEFAULT 0 NOT NULL,
	`multi_page_entries` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `path`)
);
--> statement-breakpoint
CREATE TABLE `audience_page_rates_monthly` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`path` text NOT NULL,
	`visits` integer DEFAULT 0 NOT NULL,
	`pageviews` integer DEFAULT 0 NOT NULL,
	`js_errors` integer DEFAULT 0 NOT NULL,
	`scroll_sum` real DEFAULT 0 NOT NULL,
	`entries` integer DEFAULT 0 NOT NULL,
	`engaged_entries` integer DEFAULT 0 NOT NULL,
	`multi_page_entries` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `path`)
);
