CREATE TABLE "audience_clicks" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"kind" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"path" text NOT NULL,
	"selector" text NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_clicks_site_id_trait_key_trait_value_kind_hour_returning_device_path_selector_pk" PRIMARY KEY("site_id","trait_key","trait_value","kind","hour","returning","device","path","selector")
);
--> statement-breakpoint
CREATE TABLE "audience_clicks_daily" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"kind" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"path" text NOT NULL,
	"selector" text NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_clicks_daily_site_id_trait_key_trait_value_kind_hour_returning_device_path_selector_pk" PRIMARY KEY("site_id","trait_key","trait_value","kind","hour","returning","device","path","selector")
);
--> statement-breakpoint
CREATE TABLE "audience_clicks_monthly" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"kind" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"device" text NOT NULL,
	"path" text NOT NULL,
	"selector" text NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	"clicks" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_clicks_monthly_site_id_trait_key_trait_value_kind_hour_returning_device_path_selector_pk" PRIMARY KEY("site_id","trait_key","trait_value","kind","hour","returning","device","path","selector")
);
--> statement-breakpoint
-- The sessions stored before these counts, counted as the writer counts them
-- (features/ingest/derive/audience-click-deltas.ts): each session's clicks (session_clicks) under ''
-- and under each of the session's traits, with its returning flag; then the daily and monthly tiers
-- from the hourly rows. A trait's name is never '' (shared/src/events.ts), so no two rows collide.
INSERT INTO "audience_clicks" ("site_id", "trait_key", "trait_value", "kind", "hour", "returning", "device", "path", "selector", "events", "clicks")
SELECT s.site_id, '', '', c.kind, c.hour, s."returning", c.device, c.path, c.selector, sum(c.events), sum(c.clicks)
FROM sessions AS s JOIN session_clicks AS c ON c.site_id = s.site_id AND c.session_id = s.session_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
--> statement-breakpoint
INSERT INTO "audience_clicks" ("site_id", "trait_key", "trait_value", "kind", "hour", "returning", "device", "path", "selector", "events", "clicks")
SELECT s.site_id, t.key, t.value, c.kind, c.hour, s."returning", c.device, c.path, c.selector, sum(c.events), sum(c.clicks)
FROM session_traits AS t JOIN sessions AS s ON s.site_id = t.site_id AND s.session_id = t.session_id
JOIN session_clicks AS c ON c.site_id = s.site_id AND c.session_id = s.session_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
--> statement-breakpoint
INSERT INTO "audience_clicks_daily" ("site_id", "trait_key", "trait_value", "kind", "hour", "returning", "device", "path", "selector", "events", "clicks")
SELECT "site_id", "trait_key", "trait_value", "kind", "hour" - "hour" % 86400000, "returning", "device", "path", "selector", sum("events"), sum("clicks") FROM "audience_clicks" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
--> statement-breakpoint
INSERT INTO "audience_clicks_monthly" ("site_id", "trait_key", "trait_value", "kind", "hour", "returning", "device", "path", "selector", "events", "clicks")
SELECT "site_id", "trait_key", "trait_value", "kind", (extract(epoch FROM date_trunc('month', to_timestamp("hour" / 1000.0) AT TIME ZONE 'UTC')) * 1000)::bigint, "returning", "device", "path", "selector", sum("events"), sum("clicks") FROM "audience_clicks" GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
