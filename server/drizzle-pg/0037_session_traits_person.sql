ALTER TABLE "session_traits" ADD COLUMN "person_level" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Backfill (by hand), before the index so it is built once: each row its session's visitor's sample
-- level, lib/session-sample-level.ts's hash written in SQL for this one pass as in 0033, then dropped
-- (the server computes it in JS). Rows of a session without a visitor id keep 0.
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
UPDATE "session_traits" AS t SET "person_level" = loupe_session_sample_level(s."visitor_id") FROM "sessions" AS s WHERE s."site_id" = t."site_id" AND s."session_id" = t."session_id" AND s."visitor_id" IS NOT NULL;--> statement-breakpoint
DROP FUNCTION loupe_session_sample_level(text);--> statement-breakpoint
DROP FUNCTION loupe_mul32(bigint, bigint);--> statement-breakpoint
CREATE INDEX "session_traits_key_person" ON "session_traits" USING btree ("site_id","key","value","person_level","hour","session_id");