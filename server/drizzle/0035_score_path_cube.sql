CREATE TABLE `score_path_daily` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`kind` text NOT NULL,
	`path` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `kind`, `path`, `score`)
);
--> statement-breakpoint
CREATE TABLE `score_path_hourly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`kind` text NOT NULL,
	`path` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `kind`, `path`, `score`)
);
--> statement-breakpoint
CREATE TABLE `score_path_monthly` (
	`site_id` text NOT NULL,
	`start` integer NOT NULL,
	`kind` text NOT NULL,
	`path` text NOT NULL,
	`score` integer NOT NULL,
	`responses` integer DEFAULT 0 NOT NULL,
	`comments` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `start`, `kind`, `path`, `score`)
);
--> statement-breakpoint
-- Hand-written: the score_path tiers start with every answer the hourly score rollups already hold
-- (db/cubes/cube-backfill-sql.ts writes the same statements; rollup-tiers.test.ts checks them).
INSERT INTO score_path_hourly (site_id, start, kind, path, score, responses, comments) SELECT site_id, start, kind, path, score, SUM(responses), SUM(comments) FROM (SELECT site_id, hour AS start, kind, path, score, responses, comments FROM score_rollups AS src) GROUP BY site_id, start, kind, path, score;
--> statement-breakpoint
INSERT INTO score_path_daily (site_id, start, kind, path, score, responses, comments) SELECT site_id, start, kind, path, score, SUM(responses), SUM(comments) FROM (SELECT site_id, (hour - hour % 86400000) AS start, kind, path, score, responses, comments FROM score_rollups AS src) GROUP BY site_id, start, kind, path, score;
--> statement-breakpoint
INSERT INTO score_path_monthly (site_id, start, kind, path, score, responses, comments) SELECT site_id, start, kind, path, score, SUM(responses), SUM(comments) FROM (SELECT site_id, (CAST(strftime('%s', hour / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000) AS start, kind, path, score, responses, comments FROM score_rollups AS src) GROUP BY site_id, start, kind, path, score;
