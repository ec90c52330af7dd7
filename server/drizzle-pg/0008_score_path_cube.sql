CREATE TABLE "score_path_daily" (
	"site_id" text NOT NULL,
	"start" bigint NOT NULL,
	"kind" text NOT NULL,
	"path" text NOT NULL,
	"score" bigint NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	"comments" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "score_path_daily_site_id_start_kind_path_score_pk" PRIMARY KEY("site_id","start","kind","path","score")
);
--> statement-breakpoint
CREATE TABLE "score_path_hourly" (
	"site_id" text NOT NULL,
	"start" bigint NOT NULL,
	"kind" text NOT NULL,
	"path" text NOT NULL,
	"score" bigint NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	"comments" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "score_path_hourly_site_id_start_kind_path_score_pk" PRIMARY KEY("site_id","start","kind","path","score")
);
--> statement-breakpoint
CREATE TABLE "score_path_monthly" (
	"site_id" text NOT NULL,
	"start" bigint NOT NULL,
	"kind" text NOT NULL,
	"path" text NOT NULL,
	"score" bigint NOT NULL,
	"responses" bigint DEFAULT 0 NOT NULL,
	"comments" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "score_path_monthly_site_id_start_kind_path_score_pk" PRIMARY KEY("site_id","start","kind","path","score")
);
