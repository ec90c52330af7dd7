ALTER TABLE `prompt_settings` ADD `appearance` text;--> statement-breakpoint
ALTER TABLE `prompts` ADD `appearance` text;