CREATE TABLE `closed_hour_generations` (
	`site_id` text PRIMARY KEY NOT NULL,
	`generation` integer NOT NULL
);
