CREATE TABLE "response_traits" (
	"site_id" text NOT NULL,
	"display_id" text NOT NULL,
	"key" text NOT NULL,
	"value" text NOT NULL,
	"sample_level" bigint DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "response_traits_pkey" PRIMARY KEY("site_id","key","value","sample_level","created_at","display_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "response_traits_site_display_key" ON "response_traits" USING btree ("site_id","display_id","key");--> statement-breakpoint
-- Backfill: the traits of every stored answer, valued as the answers' audience filter read them
-- (json_each_text: text, booleans as true/false, numbers as their JSON text); a null or a nested
-- value names no audience. The level is lib/session-sample-level.ts's hash of the answer's id,
-- written in SQL for this one pass (32-bit products in two halves, so no bigint overflows; ascii()
-- is the UTF-16 code unit for any id within the BMP, as answer ids are), then dropped: the server
-- computes it in JS.
CREATE FUNCTION loupe_mul32(a bigint, b bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT ((a * (b & 65535)) + (((a * (b >> 16)) & 65535) << 16)) & 4294967295
$$;--> statement-breakpoint
CREATE FUNCTION loupe_session_sample_level(id text) RETURNS bigint LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  h bigint := 2166136261;
  lvl bigint := 0;
BEGIN
  FOR i IN 1..length(id) LOOP
    h := loupe_mul32(h # ascii(substr(id, i, 1)), 16777619);
  END LOOP;
  h := h # (h >> 16);
  h := loupe_mul32(h, 2246822507);
  h := h # (h >> 13);
  h := loupe_mul32(h, 3266489909);
  h := h # (h >> 16);
  IF h = 0 THEN RETURN 10; END IF;
  WHILE (h & 1) = 0 AND lvl < 10 LOOP
    h := h >> 1;
    lvl := lvl + 1;
  END LOOP;
  RETURN lvl;
END
$$;--> statement-breakpoint
INSERT INTO "response_traits" ("site_id", "display_id", "key", "value", "sample_level", "created_at")
SELECT r."site_id", r."display_id", t.key, t.value #>> '{}', loupe_session_sample_level(r."display_id"), r."created_at"
FROM "responses" AS r,
  json_each(CASE WHEN json_typeof(r."traits"::json) = 'object' THEN r."traits"::json END) AS t
WHERE r."traits" IS NOT NULL AND json_typeof(t.value) IN ('string', 'number', 'boolean');--> statement-breakpoint
DROP FUNCTION loupe_session_sample_level(text);--> statement-breakpoint
DROP FUNCTION loupe_mul32(bigint, bigint);
