CREATE TABLE `audience_resolutions` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`device` text NOT NULL,
	`bucket` integer NOT NULL,
	`answers` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `device`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `audience_resolutions_daily` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`device` text NOT NULL,
	`bucket` integer NOT NULL,
	`answers` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `device`, `bucket`)
);
--> statement-breakpoint
CREATE TABLE `audience_resolutions_monthly` (
	`site_id` text NOT NULL,
	`trait_key` text NOT NULL,
	`trait_value` text NOT NULL,
	`hour` integer NOT NULL,
	`returning` integer NOT NULL,
	`device` text NOT NULL,
	`bucket` integer NOT NULL,
	`answers` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `device`, `bucket`)
);
--> statement-breakpoint
-- The resolved answers stored before these counts, counted as the writer counts them
-- (features/responses/audience-resolution-counts.ts): the resolution in its hour and time-to-resolve
-- bucket (resolution_counts' arithmetic, 0044), a resolved complaint also in the hour it was given
-- under bucket -2; each with its session's returning flag (0 without a session row) and its device,
-- under '' and under each trait the answer carried (as text, booleans as true/false); then the daily
-- and monthly tiers from the hourly rows.
WITH `resolved` AS (
  SELECT r.site_id, r.traits, r.device, coalesce(s.`returning`, 0) AS `returning`, r.resolved_at, r.created_at, r.kind, r.score, r.comment
  FROM responses AS r LEFT JOIN sessions AS s ON s.site_id = r.site_id AND s.session_id = r.session_id
  WHERE r.resolved_at IS NOT NULL
), `placed` AS (
  SELECT site_id, traits, device, `returning`, resolved_at - resolved_at % 3600000 AS hour, CASE WHEN resolved_at - created_at < 1 THEN -1 ELSE max(0, CAST(ceil(ln(resolved_at - created_at) / ln((1 + 0.05) / (1 - 0.05))) AS INTEGER)) END AS bucket FROM `resolved`
  UNION ALL
  SELECT site_id, traits, device, `returning`, created_at - created_at % 3600000, -2 FROM `resolved`
  WHERE comment IS NOT NULL AND ((kind = 'nps' AND score <= 6) OR (kind = 'csat' AND score <= 2) OR (kind = 'ces' AND score <= 3))
)
INSERT INTO `audience_resolutions` (`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `device`, `bucket`, `answers`)
SELECT site_id, trait_key, trait_value, hour, `returning`, device, bucket, count(*) FROM (
  SELECT site_id, '' AS trait_key, '' AS trait_value, hour, `returning`, device, bucket FROM `placed`
  UNION ALL
  SELECT p.site_id, t.key, CASE t.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(t.value AS TEXT) END, p.hour, p.`returning`, p.device, p.bucket
  FROM `placed` AS p, json_each(p.traits) AS t WHERE t.type IN ('text', 'integer', 'real', 'true', 'false')
) GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO `audience_resolutions_daily` (`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `device`, `bucket`, `answers`)
SELECT `site_id`, `trait_key`, `trait_value`, `hour` - `hour` % 86400000, `returning`, `device`, `bucket`, sum(`answers`) FROM `audience_resolutions` GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO `audience_resolutions_monthly` (`site_id`, `trait_key`, `trait_value`, `hour`, `returning`, `device`, `bucket`, `answers`)
SELECT `site_id`, `trait_key`, `trait_value`, CAST(strftime('%s', `hour` / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000, `returning`, `device`, `bucket`, sum(`answers`) FROM `audience_resolutions` GROUP BY 1, 2, 3, 4, 5, 6, 7;
