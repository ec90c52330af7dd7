CREATE TABLE `audience_cohort_rollups` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`returning` integer NOT NULL,
	`interval` text NOT NULL,
	`cohort` text NOT NULL,
	`period` text NOT NULL,
	`device` text NOT NULL,
	`browser` text NOT NULL,
	`language` text NOT NULL,
	`visitors` integer DEFAULT 0 NOT NULL,
	`converters` integer DEFAULT 0 NOT NULL,
	`converted_visitors` integer DEFAULT 0 NOT NULL,
	`repeat_converters` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `returning`, `interval`, `cohort`, `period`, `device`, `browser`, `language`)
);
--> statement-breakpoint
CREATE TABLE `visitor_trait_sessions` (
	`site_id` text NOT NULL,
	`visitor_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`returning` integer NOT NULL,
	`sessions` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `visitor_id`, `trait_key`, `trait_value`, `returning`)
);
--> statement-breakpoint
-- Backfill: who is in which audience, from the stored sessions and their traits (the cohort
-- counts need the site's time zone: db/backfill-audience-cohorts.ts counts them after this).
INSERT INTO `visitor_trait_sessions` (`site_id`, `visitor_id`, `trait_key`, `trait_value`, `returning`, `sessions`)
SELECT s.site_id, s.visitor_id, t.key, t.value, s."returning", count(*)
FROM sessions AS s JOIN session_traits AS t ON t.site_id = s.site_id AND t.session_id = s.session_id
WHERE s.visitor_id IS NOT NULL
GROUP BY s.site_id, s.visitor_id, t.key, t.value, s."returning";
