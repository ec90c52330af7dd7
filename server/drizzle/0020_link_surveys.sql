CREATE TABLE `link_secrets` (
	`site_id` text PRIMARY KEY NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer NOT NULL,
	`previous_secret` text,
	`previous_until` integer
);
--> statement-breakpoint
ALTER TABLE `responses` ADD `channel` text DEFAULT 'web' NOT NULL;--> statement-breakpoint
ALTER TABLE `responses` ADD `touchpoint` text;--> statement-breakpoint
ALTER TABLE `responses` ADD `customer_id` text;--> statement-breakpoint
ALTER TABLE `responses` ADD `traits` text;--> statement-breakpoint
ALTER TABLE `responses` ADD `link_flag` text;--> statement-breakpoint
CREATE INDEX `responses_site_channel_created` ON `responses` (`site_id`,`channel`,`created_at`);