DROP INDEX `sessions_site_first_ts`;--> statement-breakpoint
CREATE INDEX `sessions_site_first_ts` ON `sessions` (`site_id`,`first_ts`,`returning`,`visitor_id`);