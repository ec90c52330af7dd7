ALTER TABLE "visitor_cohorts" ADD COLUMN "returned_ts" bigint;--> statement-breakpoint
CREATE INDEX "visitor_cohorts_site_returned" ON "visitor_cohorts" USING btree ("site_id","returned_ts","first_ts");--> statement-breakpoint
UPDATE visitor_cohorts SET returned_ts = r.ts FROM (SELECT site_id, visitor_id, max(first_ts) AS ts FROM sessions WHERE "returning" = 1 AND visitor_id IS NOT NULL GROUP BY site_id, visitor_id) AS r WHERE visitor_cohorts.site_id = r.site_id AND visitor_cohorts.visitor_id = r.visitor_id;
