CREATE TABLE `prompt_settings` (
	`site_id` text PRIMARY KEY NOT NULL,
	`global_cooldown_days` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `prompts` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`style` text,
	`status` text NOT NULL,
	`default_language` text NOT NULL,
	`texts` text NOT NULL,
	`targeting` text NOT NULL,
	`frequency` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `prompts_site_idx` ON `prompts` (`site_id`,`created_at`);