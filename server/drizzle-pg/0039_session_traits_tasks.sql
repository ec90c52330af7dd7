ALTER TABLE "session_traits" ADD COLUMN "tasks" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Backfill (by hand), before the index so it is built once: the rows of the sessions that have a
-- task run.
UPDATE "session_traits" SET "tasks" = 1 WHERE EXISTS (SELECT 1 FROM "task_runs" AS r WHERE r."site_id" = "session_traits"."site_id" AND r."session_id" = "session_traits"."session_id");--> statement-breakpoint
CREATE INDEX "session_traits_key_tasks" ON "session_traits" USING btree ("site_id","key","value","hour","session_id") WHERE "session_traits"."tasks" = 1;
