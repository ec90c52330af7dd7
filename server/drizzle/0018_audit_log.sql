CREATE TABLE `audit_log` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text,
	`at` integer NOT NULL,
	`actor_kind` text NOT NULL,
	`actor_user_id` text,
	`action` text NOT NULL,
	`target_kind` text NOT NULL,
	`target_ref` text,
	`rows` text NOT NULL,
	`total_rows` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_site_seq` ON `audit_log` (`site_id`,`seq`);