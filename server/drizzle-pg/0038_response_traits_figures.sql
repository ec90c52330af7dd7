ALTER TABLE "response_traits" ADD COLUMN "kind" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "response_traits" ADD COLUMN "score" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "response_traits" ADD COLUMN "commented" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "response_traits" ADD COLUMN "path" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "response_traits" ADD COLUMN "device" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "response_traits" ADD COLUMN "browser" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "response_traits" ADD COLUMN "language" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Backfill (by hand), before the key is rebuilt so it is built once: each trait row takes its
-- answer's figures as they are now.
UPDATE "response_traits" AS t SET "kind" = r."kind", "score" = r."score", "commented" = CASE WHEN r."comment" IS NULL THEN 0 ELSE 1 END, "path" = r."path", "device" = r."device", "browser" = r."browser", "language" = r."language"
FROM "responses" AS r WHERE r."site_id" = t."site_id" AND r."display_id" = t."display_id";--> statement-breakpoint
-- By hand (drizzle cannot say INCLUDE): the same key, carrying the answer's figures, so an
-- audience's score figures are read from the key alone (SQLite keeps response_traits_figures).
ALTER TABLE "response_traits" DROP CONSTRAINT "response_traits_pkey";--> statement-breakpoint
ALTER TABLE "response_traits" ADD CONSTRAINT "response_traits_pkey" PRIMARY KEY ("site_id","key","value","sample_level","created_at","display_id") INCLUDE ("kind","score","commented","path","device","browser","language");
