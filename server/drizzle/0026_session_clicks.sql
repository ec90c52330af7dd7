CREATE TABLE `session_clicks` (
	`site_id` text NOT NULL,
	`session_id` text NOT NULL,
	`hour` integer NOT NULL,
	`path` text NOT NULL,
	`selector` text NOT NULL,
	`kind` text NOT NULL,
	`device` text NOT NULL,
	`events` integer DEFAULT 0 NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `session_id`, `hour`, `path`, `selector`, `kind`, `device`)
);
--> statement-breakpoint
INSERT INTO `session_clicks` (`site_id`, `session_id`, `hour`, `path`, `selector`, `kind`, `device`, `events`, `clicks`)
SELECT `site_id`, `session_id`, `ts` - `ts` % 3600000, `path`, `selector`, `click_kind`, `device`, count(*),
  sum(coalesce(json_extract(`payload`, '$.count'), 1))
FROM `events` WHERE `type` = 'click' AND `selector` IS NOT NULL AND `click_kind` IS NOT NULL
GROUP BY `site_id`, `session_id`, `ts` - `ts` % 3600000, `path`, `selector`, `click_kind`, `device`;
