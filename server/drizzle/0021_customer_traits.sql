CREATE TABLE `session_traits` (
	`site_id` text NOT NULL,
	`session_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`site_id`, `session_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `session_traits_site_key_value` ON `session_traits` (`site_id`,`key`,`value`,`session_id`);--> statement-breakpoint
CREATE TABLE `trait_score_rollups` (
	`site_id` text NOT NULL,
	`hour` integer NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`prompt_id` text NOT NULL,
	`kind` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`returning` integer NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `hour`, `prompt_id`, `kind`, `device`, `browser`, `language`, `returning`, `score`)
);
--> statement-breakpoint
ALTER TABLE `sessions` ADD `customer_id` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `returning` integer DEFAULT false NOT NULL;