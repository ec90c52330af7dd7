-- The error rate's sessions by release, counted by who the session is: audience_dimension_rates
-- gains a fourth `dim`, 'release' (no schema change, so this migration is only its backfill). The
-- sessions stored before, counted as the writer counts them
-- (features/ingest/derive/audience-dimension-rate-deltas.ts): each session in the hour it started,
-- with its returning flag and device, under '' and under each of its traits, with its release
-- ('' without one) and every counter, the sessions with an error included; then the daily and
-- monthly tiers from the new hourly rows. The two first statements' keys are disjoint (trait
-- names are never ''). No sketches: the error rate counts no visitors.
INSERT INTO `audience_dimension_rates` (`site_id`, `trait_key`, `trait_value`, `dim`, `hour`, `returning`, `device`, `value`, `sessions`, `engaged`, `converted`, `pageviews`, `engaged_ms`, `errored`)
SELECT s.site_id, '', '', 'release', s.hour, s.`returning`, s.device, s.`release`, count(*), sum(s.engaged), sum(CASE WHEN s.tracks > 0 THEN 1 ELSE 0 END), sum(s.pageviews), sum(s.engaged_ms), sum(CASE WHEN s.js_errors > 0 THEN 1 ELSE 0 END)
FROM sessions AS s GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO `audience_dimension_rates` (`site_id`, `trait_key`, `trait_value`, `dim`, `hour`, `returning`, `device`, `value`, `sessions`, `engaged`, `converted`, `pageviews`, `engaged_ms`, `errored`)
SELECT s.site_id, t.key, t.value, 'release', s.hour, s.`returning`, s.device, s.`release`, count(*), sum(s.engaged), sum(CASE WHEN s.tracks > 0 THEN 1 ELSE 0 END), sum(s.pageviews), sum(s.engaged_ms), sum(CASE WHEN s.js_errors > 0 THEN 1 ELSE 0 END)
FROM session_traits AS t JOIN sessions AS s ON s.site_id = t.site_id AND s.session_id = t.session_id GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO `audience_dimension_rates_daily` (`site_id`, `trait_key`, `trait_value`, `dim`, `hour`, `returning`, `device`, `value`, `sessions`, `engaged`, `converted`, `pageviews`, `engaged_ms`, `errored`)
SELECT `site_id`, `trait_key`, `trait_value`, `dim`, `hour` - `hour` % 86400000, `returning`, `device`, `value`, sum(`sessions`), sum(`engaged`), sum(`converted`), sum(`pageviews`), sum(`engaged_ms`), sum(`errored`) FROM `audience_dimension_rates` WHERE `dim` = 'release' GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
--> statement-breakpoint
INSERT INTO `audience_dimension_rates_monthly` (`site_id`, `trait_key`, `trait_value`, `dim`, `hour`, `returning`, `device`, `value`, `sessions`, `engaged`, `converted`, `pageviews`, `engaged_ms`, `errored`)
SELECT `site_id`, `trait_key`, `trait_value`, `dim`, CAST(strftime('%s', `hour` / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000, `returning`, `device`, `value`, sum(`sessions`), sum(`engaged`), sum(`converted`), sum(`pageviews`), sum(`engaged_ms`), sum(`errored`) FROM `audience_dimension_rates` WHERE `dim` = 'release' GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
