ALTER TABLE `sessions` ADD `sample_level` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `sessions_site_sample` ON `sessions` (`site_id`,`sample_level`,`returning`,`hour`);