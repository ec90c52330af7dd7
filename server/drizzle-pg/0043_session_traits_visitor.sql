DROP INDEX "session_traits_key_person";--> statement-breakpoint
ALTER TABLE "session_traits" ADD COLUMN "visitor_id" text;--> statement-breakpoint
-- Backfill (by hand), before the index so it is built once: each row takes its session's visitor.
UPDATE "session_traits" AS t SET "visitor_id" = s."visitor_id"
FROM "sessions" AS s WHERE s."site_id" = t."site_id" AND s."session_id" = t."session_id" AND s."visitor_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "session_traits_key_person" ON "session_traits" USING btree ("site_id","key","value","person_level","hour","session_id","visitor_id");
