DROP INDEX `session_traits_site_key_value`;--> statement-breakpoint
ALTER TABLE `session_traits` ADD `hour` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `session_traits` ADD `sample_level` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Backfill (by hand), before the index so it is built once: each row its session's start hour.
-- The sample level needs the session id's hash, which SQLite lacks: db/backfill-sample-levels.ts.
UPDATE `session_traits` SET `hour` = coalesce((SELECT s.`hour` FROM `sessions` AS s WHERE s.`site_id` = `session_traits`.`site_id` AND s.`session_id` = `session_traits`.`session_id`), 0);--> statement-breakpoint
CREATE INDEX `session_traits_key_sample` ON `session_traits` (`site_id`,`key`,`value`,`sample_level`,`hour`,`session_id`);
