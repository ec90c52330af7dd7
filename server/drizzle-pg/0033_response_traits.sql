CREATE TABLE "response_traits" (
	"site_id" text NOT NULL,
	"display_id" text NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "response_traits_site_id_key_value_created_at_display_id_pk" PRIMARY KEY("site_id","key","value","created_at","display_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "response_traits_site_display_key" ON "response_traits" USING btree ("site_id","display_id","key");--> statement-breakpoint
-- Backfill: the traits of every stored answer, valued as the answers' audience filter read them
-- (json_each_text: text, booleans as true/false, numbers as their JSON text); a null or a nested
-- value names no audience.
INSERT INTO "response_traits" ("site_id", "display_id", "key", "value", "created_at")
SELECT r."site_id", r."display_id", t.key, t.value #>> '{}', r."created_at"
FROM "responses" AS r,
  json_each(CASE WHEN json_typeof(r."traits"::json) = 'object' THEN r."traits"::json END) AS t
WHERE r."traits" IS NOT NULL AND json_typeof(t.value) IN ('string', 'number', 'boolean');
