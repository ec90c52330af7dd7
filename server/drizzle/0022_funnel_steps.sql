CREATE TABLE `funnel_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `funnel_keys_site_kind_name` ON `funnel_keys` (`site_id`,`kind`,`name`);--> statement-breakpoint
CREATE TABLE `session_reaches` (
	`site_id` text NOT NULL,
	`session_id` text NOT NULL,
	`key_id` integer NOT NULL,
	`first_ts` integer NOT NULL,
	PRIMARY KEY(`site_id`, `session_id`, `key_id`)
);
--> statement-breakpoint
CREATE INDEX `session_reaches_key_first_ts` ON `session_reaches` (`site_id`,`key_id`,`first_ts`);--> statement-breakpoint
CREATE TABLE `session_steps` (
	`site_id` text NOT NULL,
	`session_id` text NOT NULL,
	`first_ts` integer NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`steps` text NOT NULL,
	PRIMARY KEY(`site_id`, `session_id`)
);
--> statement-breakpoint
CREATE INDEX `session_steps_site_first_ts` ON `session_steps` (`site_id`,`first_ts`);