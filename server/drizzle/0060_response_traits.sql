CREATE TABLE `response_traits` (
	`site_id` text NOT NULL,
	`display_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`sample_level` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`site_id`, `key`, `value`, `sample_level`, `created_at`, `display_id`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `response_traits_site_display_key` ON `response_traits` (`site_id`,`display_id`,`key`);--> statement-breakpoint
-- Backfill: the traits of every stored answer, valued as the answers' audience filter read them
-- (json_each: text, a signed link's booleans as true/false, numbers as their text); a null or a
-- nested value names no audience. Each at level 0: SQLite has no hash to draw the level from in
-- SQL, so db/backfill-answer-sample-levels.ts sets it once after the migrations.
INSERT INTO `response_traits` (`site_id`, `display_id`, `key`, `value`, `created_at`)
SELECT r.`site_id`, r.`display_id`, t.`key`,
  CASE t.`type` WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(t.`value` AS TEXT) END, r.`created_at`
FROM `responses` AS r, json_each(r.`traits`) AS t
WHERE r.`traits` IS NOT NULL AND t.`type` IN ('text', 'integer', 'real', 'true', 'false');
