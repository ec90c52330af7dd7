CREATE TABLE "audience_page_rates" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"path" text NOT NULL,
	"visits" bigint DEFAULT 0 NOT NULL,
	"pageviews" bigint DEFAULT 0 NOT NULL,
	"js_errors" bigint DEFAULT 0 NOT NULL,
	"scroll_sum" double precision DEFAULT 0 NOT NULL,
	"entries" bigint DEFAULT 0 NOT NULL,
	"engaged_entries" bigint DEFAULT 0 NOT NULL,
	"multi_page_entries" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_page_rates_site_id_trait_key_trait_value_hour_returning_path_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","path")
);
--> statement-breakpoint
CREATE TABLE "audience_page_rates_daily" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"path" text NOT NULL,
	"visits" bigint DEFAULT 0 NOT NULL,
	"pageviews" bigint DEFAULT 0 NOT NULL,
	"js_errors" bigint DEFAULT 0 NOT NULL,
	"scroll_sum" double precision DEFAULT 0 NOT NULL,
	"entries" bigint DEFAULT 0 NOT NULL,
	"engaged_entries" bigint DEFAULT 0 NOT NULL,
	"multi_page_entries" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_page_rates_daily_site_id_trait_key_trait_value_hour_returning_path_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","path")
);
--> statement-breakpoint
CREATE TABLE "audience_page_rates_monthly" (
	"site_id" text NOT NULL,
	"trait_key" text NOT NULL,
	"trait_value" text NOT NULL,
	"hour" bigint NOT NULL,
	"returning" bigint NOT NULL,
	"path" text NOT NULL,
	"visits" bigint DEFAULT 0 NOT NULL,
	"pageviews" bigint DEFAULT 0 NOT NULL,
	"js_errors" bigint DEFAULT 0 NOT NULL,
	"scroll_sum" double precision DEFAULT 0 NOT NULL,
	"entries" bigint DEFAULT 0 NOT NULL,
	"engaged_entries" bigint DEFAULT 0 NOT NULL,
	"multi_page_entries" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "audience_page_rates_monthly_site_id_trait_key_trait_value_hour_returning_path_pk" PRIMARY KEY("site_id","trait_key","trait_value","hour","returning","path")
);
