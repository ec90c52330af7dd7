CREATE TABLE "journey_band_rollups" (
	"site_id" text NOT NULL,
	"kind" text NOT NULL,
	"depth" bigint NOT NULL,
	"band" text NOT NULL,
	"hour" bigint NOT NULL,
	"journey" text NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	"score_sum" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "journey_band_rollups_site_id_kind_depth_band_hour_journey_pk" PRIMARY KEY("site_id","kind","depth","band","hour","journey")
);
--> statement-breakpoint
CREATE TABLE "journey_band_rollups_daily" (
	"site_id" text NOT NULL,
	"kind" text NOT NULL,
	"depth" bigint NOT NULL,
	"band" text NOT NULL,
	"hour" bigint NOT NULL,
	"journey" text NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	"score_sum" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "journey_band_rollups_daily_site_id_kind_depth_band_hour_journey_pk" PRIMARY KEY("site_id","kind","depth","band","hour","journey")
);
--> statement-breakpoint
CREATE TABLE "journey_band_rollups_monthly" (
	"site_id" text NOT NULL,
	"kind" text NOT NULL,
	"depth" bigint NOT NULL,
	"band" text NOT NULL,
	"hour" bigint NOT NULL,
	"journey" text NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	"score_sum" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "journey_band_rollups_monthly_site_id_kind_depth_band_hour_journey_pk" PRIMARY KEY("site_id","kind","depth","band","hour","journey")
);
