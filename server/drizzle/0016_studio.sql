CREATE TABLE `site_deletions` (
	`site_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`requested_at` integer NOT NULL,
	`requested_by` text
);
--> statement-breakpoint
CREATE TABLE `share_sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`share_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`share_id`) REFERENCES `shares`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `share_sessions_share_idx` ON `share_sessions` (`share_id`);--> statement-breakpoint
CREATE INDEX `share_sessions_expires_idx` ON `share_sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `shares` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`key_hash` text NOT NULL,
	`label` text NOT NULL,
	`password_hash` text,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `shares_key_hash_unique` ON `shares` (`key_hash`);--> statement-breakpoint
CREATE INDEX `shares_site_idx` ON `shares` (`site_id`);--> statement-breakpoint
ALTER TABLE `sites` ADD `last_event_at` integer;