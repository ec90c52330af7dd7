CREATE TABLE `audience_friction_page_rollups` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`kind` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`path` text NOT NULL,
	`met` integer NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `kind`, `hour`, `returning`, `path`, `met`, `score`)
);
--> statement-breakpoint
CREATE TABLE `audience_friction_page_rollups_daily` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`kind` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`path` text NOT NULL,
	`met` integer NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `kind`, `hour`, `returning`, `path`, `met`, `score`)
);
--> statement-breakpoint
CREATE TABLE `audience_friction_page_rollups_monthly` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`kind` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`path` text NOT NULL,
	`met` integer NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `kind`, `hour`, `returning`, `path`, `met`, `score`)
);
--> statement-breakpoint
CREATE TABLE `audience_friction_rollups` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`kind` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`mask` integer NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `kind`, `hour`, `returning`, `mask`, `score`)
);
--> statement-breakpoint
CREATE TABLE `audience_friction_rollups_daily` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`kind` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`mask` integer NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `kind`, `hour`, `returning`, `mask`, `score`)
);
--> statement-breakpoint
CREATE TABLE `audience_friction_rollups_monthly` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`kind` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`mask` integer NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `kind`, `hour`, `returning`, `mask`, `score`)
);
