ALTER TABLE `responses` ADD `sample_level` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Each stored answer's level: 0 here (SQLite has no hash to draw it from in SQL), set once after
-- the migrations by db/backfill-answer-sample-levels.ts, as response_traits' was.
CREATE INDEX `responses_site_sample` ON `responses` (`site_id`,`sample_level`,`created_at`);
