ALTER TABLE `sites` ADD `raw_events_days` integer DEFAULT 395 NOT NULL;--> statement-breakpoint
ALTER TABLE `sites` ADD `responses_days` integer;--> statement-breakpoint
CREATE INDEX `webhook_deliveries_subject_idx` ON `webhook_deliveries` (`site_id`,`subject`);