ALTER TABLE `response_traits` ADD `kind` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `response_traits` ADD `score` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `response_traits` ADD `commented` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `response_traits` ADD `path` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `response_traits` ADD `device` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `response_traits` ADD `browser` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `response_traits` ADD `language` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Backfill (by hand), before the index so it is built once: each trait row takes its answer's
-- figures as they are now.
UPDATE `response_traits` AS t SET `kind` = r.`kind`, `score` = r.`score`, `commented` = CASE WHEN r.`comment` IS NULL THEN 0 ELSE 1 END, `path` = r.`path`, `device` = r.`device`, `browser` = r.`browser`, `language` = r.`language`
FROM `responses` AS r WHERE r.`site_id` = t.`site_id` AND r.`display_id` = t.`display_id`;--> statement-breakpoint
CREATE INDEX `response_traits_figures` ON `response_traits` (`site_id`,`key`,`value`,`sample_level`,`created_at`,`display_id`,`kind`,`score`,`commented`,`path`,`device`,`browser`,`language`);
