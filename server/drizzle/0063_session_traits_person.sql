ALTER TABLE `session_traits` ADD `person_level` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The level needs the visitor id's hash, which SQLite lacks: db/backfill-sample-levels.ts fills it.
CREATE INDEX `session_traits_key_person` ON `session_traits` (`site_id`,`key`,`value`,`person_level`,`hour`,`session_id`);