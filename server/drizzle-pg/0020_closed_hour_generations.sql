CREATE TABLE "closed_hour_generations" (
	"site_id" text NOT NULL,
	"day" bigint NOT NULL,
	"generation" bigint NOT NULL,
	CONSTRAINT "closed_hour_generations_site_id_day_pk" PRIMARY KEY("site_id","day")
);
