DROP INDEX `session_reaches_key_first_ts`;--> statement-breakpoint
ALTER TABLE `session_reaches` ADD `sample_level` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `session_reaches_key_sample` ON `session_reaches` (`site_id`,`key_id`,`sample_level`,`first_ts`,`session_id`);