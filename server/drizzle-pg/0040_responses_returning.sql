ALTER TABLE "responses" ADD COLUMN "returning" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Backfill (by hand): each stored answer whose session is returning, as the reads tested it until
-- now (the session looked up by the answer's session id; none, as a link's answer: new).
UPDATE "responses" AS r SET "returning" = 1 FROM "sessions" AS s WHERE s."site_id" = r."site_id" AND s."session_id" = r."session_id" AND s."returning" = 1;
