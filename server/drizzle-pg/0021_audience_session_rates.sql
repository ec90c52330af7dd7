CREATE TABLE "audience_session_rates" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"goal" text NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	"engaged" bigint DEFAULT 0 NOT NULL,
	"converted" bigint DEFAULT 0 NOT NULL,
	"pageviews" bigint DEFAULT 0 NOT NULL,
	"engaged_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_session_rates_site_id_trait_key_trait_value_hour_returning_device_goal_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","device","goal")
);
--> statement-breakpoint
CREATE TABLE "audience_session_rates_daily" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"goal" text NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	"engaged" bigint DEFAULT 0 NOT NULL,
	"converted" bigint DEFAULT 0 NOT NULL,
	"pageviews" bigint DEFAULT 0 NOT NULL,
	"engaged_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_session_rates_daily_site_id_trait_key_trait_value_hour_returning_device_goal_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","device","goal")
);
--> statement-breakpoint
CREATE TABLE "audience_session_rates_monthly" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"goal" text NOT NULL,
	"sessions" bigint DEFAULT 0 NOT NULL,
	"engaged" bigint DEFAULT 0 NOT NULL,
	"converted" bigint DEFAULT 0 NOT NULL,
	"pageviews" bigint DEFAULT 0 NOT NULL,
	"engaged_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_session_rates_monthly_site_id_trait_key_trait_value_hour_returning_device_goal_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","device","goal")
);
--> statement-breakpoint
CREATE TABLE "audience_visitor_sketches" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"tier" text NOT NULL,
	"start" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"visitors" "bytea" NOT NULL,
	CONSTRAINT "audience_visitor_sketches_site_id_trait_key_trait_value_tier_start_returning_device_pk" PRIMARY KEY("site_id","trait_key","trait_value","tier","start","returning","device")
);
--> statement-breakpoint
-- The sessions stored before these counts, counted as the writer counts them
-- (features/ingest/derive/audience-session-rate-deltas.ts): each session in the hour it started,
-- with its returning flag and device, under '' and under each of its traits; each goal it reached
-- as a row of its own (goal = the name, sessions only); then the daily and monthly tiers from the
-- hourly rows. The four statements' keys are disjoint (trait names and goal names are never '').
INSERT INTO "audience_session_rates" ("site_id", "trait_key", "trait_value", "hour", "returning", "device", "goal", "sessions", "engaged", "converted", "pageviews", "engaged_ms")
SELECT s.site_id, '', '', s.hour, s."returning", s.device, '', count(*), sum(s.engaged), sum(CASE WHEN s.tracks > 0 THEN 1 ELSE 0 END), sum(s.pageviews), sum(s.engaged_ms)
FROM sessions AS s GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO "audience_session_rates" ("site_id", "trait_key", "trait_value", "hour", "returning", "device", "goal", "sessions", "engaged", "converted", "pageviews", "engaged_ms")
SELECT s.site_id, '', '', s.hour, s."returning", s.device, g.name, count(*), 0, 0, 0, 0
FROM sessions AS s JOIN session_goals AS g ON g.site_id = s.site_id AND g.session_id = s.session_id GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO "audience_session_rates" ("site_id", "trait_key", "trait_value", "hour", "returning", "device", "goal", "sessions", "engaged", "converted", "pageviews", "engaged_ms")
SELECT s.site_id, t.key, t.value, s.hour, s."returning", s.device, '', count(*), sum(s.engaged), sum(CASE WHEN s.tracks > 0 THEN 1 ELSE 0 END), sum(s.pageviews), sum(s.engaged_ms)
FROM session_traits AS t JOIN sessions AS s ON s.site_id = t.site_id AND s.session_id = t.session_id GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO "audience_session_rates" ("site_id", "trait_key", "trait_value", "hour", "returning", "device", "goal", "sessions", "engaged", "converted", "pageviews", "engaged_ms")
SELECT s.site_id, t.key, t.value, s.hour, s."returning", s.device, g.name, count(*), 0, 0, 0, 0
FROM session_traits AS t JOIN sessions AS s ON s.site_id = t.site_id AND s.session_id = t.session_id
JOIN session_goals AS g ON g.site_id = s.site_id AND g.session_id = s.session_id GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO "audience_session_rates_daily" ("site_id", "trait_key", "trait_value", "hour", "returning", "device", "goal", "sessions", "engaged", "converted", "pageviews", "engaged_ms")
SELECT "site_id", "trait_key", "trait_value", "hour" - "hour" % 86400000, "returning", "device", "goal", sum("sessions"), sum("engaged"), sum("converted"), sum("pageviews"), sum("engaged_ms") FROM "audience_session_rates" GROUP BY 1, 2, 3, 4, 5, 6, 7;
--> statement-breakpoint
INSERT INTO "audience_session_rates_monthly" ("site_id", "trait_key", "trait_value", "hour", "returning", "device", "goal", "sessions", "engaged", "converted", "pageviews", "engaged_ms")
SELECT "site_id", "trait_key", "trait_value", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "returning", "device", "goal", sum("sessions"), sum("engaged"), sum("converted"), sum("pageviews"), sum("engaged_ms") FROM "audience_session_rates" GROUP BY 1, 2, 3, 4, 5, 6, 7;
