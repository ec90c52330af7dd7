CREATE TABLE `journey_band_rollups` (
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`depth` integer NOT NULL,
	`band` text NOT NULL,
	`hour` integer NOT NULL,
	`journey` text NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`score_sum` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `kind`, `depth`, `band`, `hour`, `journey`)
);
--> statement-breakpoint
CREATE TABLE `journey_band_rollups_daily` (
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`depth` integer NOT NULL,
	`band` text NOT NULL,
	`hour` integer NOT NULL,
	`journey` text NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`score_sum` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `kind`, `depth`, `band`, `hour`, `journey`)
);
--> statement-breakpoint
CREATE TABLE `journey_band_rollups_monthly` (
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`depth` integer NOT NULL,
	`band` text NOT NULL,
	`hour` integer NOT NULL,
	`journey` text NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`score_sum` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `kind`, `depth`, `band`, `hour`, `journey`)
);
--> statement-breakpoint
-- Hand-written: the band rollups start with every answer the journey rollups already hold, at the
-- same grain, the score folded to its band as analytics/score-math.ts `segmentOf` does
-- (SEGMENT_RANGES: NPS 0–6 / 7–8 / 9–10, CSAT 1–2 / 3 / 4–5, CES 1–3 / 4 / 5–7).
INSERT INTO `journey_band_rollups` (`site_id`, `kind`, `depth`, `band`, `hour`, `journey`, `responses`, `score_sum`)
SELECT `site_id`, `kind`, `depth`, CASE WHEN `score` <= (CASE `kind` WHEN 'nps' THEN 6 WHEN 'csat' THEN 2 ELSE 3 END) THEN 'detractor' WHEN `score` <= (CASE `kind` WHEN 'nps' THEN 8 WHEN 'csat' THEN 3 ELSE 4 END) THEN 'passive' ELSE 'promoter' END, `hour`, `journey`, sum(`responses`), sum(`responses` * `score`)
FROM `journey_rollups` WHERE `kind` IN ('nps', 'csat', 'ces') GROUP BY 1, 2, 3, 4, 5, 6;
--> statement-breakpoint
INSERT INTO `journey_band_rollups_daily` (`site_id`, `kind`, `depth`, `band`, `hour`, `journey`, `responses`, `score_sum`)
SELECT `site_id`, `kind`, `depth`, CASE WHEN `score` <= (CASE `kind` WHEN 'nps' THEN 6 WHEN 'csat' THEN 2 ELSE 3 END) THEN 'detractor' WHEN `score` <= (CASE `kind` WHEN 'nps' THEN 8 WHEN 'csat' THEN 3 ELSE 4 END) THEN 'passive' ELSE 'promoter' END, `hour`, `journey`, sum(`responses`), sum(`responses` * `score`)
FROM `journey_rollups_daily` WHERE `kind` IN ('nps', 'csat', 'ces') GROUP BY 1, 2, 3, 4, 5, 6;
--> statement-breakpoint
INSERT INTO `journey_band_rollups_monthly` (`site_id`, `kind`, `depth`, `band`, `hour`, `journey`, `responses`, `score_sum`)
SELECT `site_id`, `kind`, `depth`, CASE WHEN `score` <= (CASE `kind` WHEN 'nps' THEN 6 WHEN 'csat' THEN 2 ELSE 3 END) THEN 'detractor' WHEN `score` <= (CASE `kind` WHEN 'nps' THEN 8 WHEN 'csat' THEN 3 ELSE 4 END) THEN 'passive' ELSE 'promoter' END, `hour`, `journey`, sum(`responses`), sum(`responses` * `score`)
FROM `journey_rollups_monthly` WHERE `kind` IN ('nps', 'csat', 'ces') GROUP BY 1, 2, 3, 4, 5, 6;
