CREATE TABLE `audience_journey_rollups` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`kind` text NOT NULL,
	`depth` integer NOT NULL,
	`band` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`journey` text NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`score_sum` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `kind`, `depth`, `band`, `hour`, `returning`, `journey`)
);
--> statement-breakpoint
CREATE TABLE `audience_journey_rollups_daily` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`kind` text NOT NULL,
	`depth` integer NOT NULL,
	`band` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`journey` text NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`score_sum` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `kind`, `depth`, `band`, `hour`, `returning`, `journey`)
);
--> statement-breakpoint
CREATE TABLE `audience_journey_rollups_monthly` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`kind` text NOT NULL,
	`depth` integer NOT NULL,
	`band` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`journey` text NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`score_sum` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `kind`, `depth`, `band`, `hour`, `returning`, `journey`)
);
--> statement-breakpoint
CREATE TABLE `audience_path_scores` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`kind` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`path` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `kind`, `hour`, `returning`, `path`, `score`)
);
--> statement-breakpoint
CREATE TABLE `audience_path_scores_daily` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`kind` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`path` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `kind`, `hour`, `returning`, `path`, `score`)
);
--> statement-breakpoint
CREATE TABLE `audience_path_scores_monthly` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`kind` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`path` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `kind`, `hour`, `returning`, `path`, `score`)
);
