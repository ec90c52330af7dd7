DROP INDEX "sessions_site_first_ts";--> statement-breakpoint
CREATE INDEX "sessions_site_first_ts" ON "sessions" USING btree ("site_id","first_ts","returning","visitor_id");