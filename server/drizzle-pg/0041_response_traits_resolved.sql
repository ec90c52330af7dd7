ALTER TABLE "response_traits" ADD COLUMN "resolved_at" bigint;--> statement-breakpoint
-- Backfill (by hand), before the index so it is built once: each resolved answer's time of
-- resolution on its trait rows.
UPDATE "response_traits" AS t SET "resolved_at" = r."resolved_at" FROM "responses" AS r WHERE r."site_id" = t."site_id" AND r."display_id" = t."display_id" AND r."resolved_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "response_traits_resolved" ON "response_traits" USING btree ("site_id","key","value","resolved_at","created_at","sample_level","display_id") WHERE resolved_at IS NOT NULL;