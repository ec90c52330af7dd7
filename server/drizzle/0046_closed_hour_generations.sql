CREATE TABLE `closed_hour_generations` (
	`site_id` text NOT NULL,
	`day` integer NOT NULL,
	`generation` integer NOT NULL,
	PRIMARY KEY(`site_id`, `day`)
);
