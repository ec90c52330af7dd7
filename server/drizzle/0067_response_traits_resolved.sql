ALTER TABLE `response_traits` ADD `resolved_at` integer;--> statement-breakpoint
-- Backfill (by hand), before the index so it is built once: each resolved answer's time of
-- resolution on its trait rows.
UPDATE `response_traits` SET `resolved_at` = (SELECT r.`resolved_at` FROM `responses` AS r WHERE r.`site_id` = `response_traits`.`site_id` AND r.`display_id` = `response_traits`.`display_id`) WHERE EXISTS (SELECT 1 FROM `responses` AS r WHERE r.`site_id` = `response_traits`.`site_id` AND r.`display_id` = `response_traits`.`display_id` AND r.`resolved_at` IS NOT NULL);--> statement-breakpoint
CREATE INDEX `response_traits_resolved` ON `response_traits` (`site_id`,`key`,`value`,`resolved_at`,`created_at`,`sample_level`,`display_id`) WHERE resolved_at IS NOT NULL;