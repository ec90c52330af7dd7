ALTER TABLE "responses" ADD COLUMN "sample_level" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Backfill (by hand), before the index so it is built once: each answer's sample level, the hash of
-- its display id that 0034_response_traits.sql drew for its response_traits rows (the same
-- functions, created for this one pass and dropped). Half the answers stay at level 0: only the
-- others are rewritten.
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
UPDATE "responses" SET "sample_level" = loupe_session_sample_level("display_id") WHERE loupe_session_sample_level("display_id") > 0;--> statement-breakpoint
DROP FUNCTION loupe_session_sample_level(text);--> statement-breakpoint
DROP FUNCTION loupe_mul32(bigint, bigint);--> statement-breakpoint
CREATE INDEX "responses_site_sample" ON "responses" USING btree ("site_id","sample_level","created_at");