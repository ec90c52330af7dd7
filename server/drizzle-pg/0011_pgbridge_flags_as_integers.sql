-- The four 0/1 flags become bigint, as SQLite stores them: the server runs one set of SQL texts on
-- both engines (db/postgres/sync-postgres.ts), which compare and sum these flags as numbers.
-- drizzle-kit's ALTER … SET DATA TYPE alone fails (a boolean and its default do not cast to bigint
-- implicitly): each default is dropped, the type changed USING the 0/1 value, the default set again.
ALTER TABLE "sessions" ALTER COLUMN "returning" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "sessions" ALTER COLUMN "returning" SET DATA TYPE bigint USING "returning"::int;--> statement-breakpoint
ALTER TABLE "sessions" ALTER COLUMN "returning" SET DEFAULT 0;--> statement-breakpoint
ALTER TABLE "sessions" ALTER COLUMN "engaged" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "sessions" ALTER COLUMN "engaged" SET DATA TYPE bigint USING "engaged"::int;--> statement-breakpoint
ALTER TABLE "sessions" ALTER COLUMN "engaged" SET DEFAULT 0;--> statement-breakpoint
ALTER TABLE "sessions" ALTER COLUMN "frustrated" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "sessions" ALTER COLUMN "frustrated" SET DATA TYPE bigint USING "frustrated"::int;--> statement-breakpoint
ALTER TABLE "sessions" ALTER COLUMN "frustrated" SET DEFAULT 0;--> statement-breakpoint
ALTER TABLE "webhooks" ALTER COLUMN "enabled" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "webhooks" ALTER COLUMN "enabled" SET DATA TYPE bigint USING "enabled"::int;--> statement-breakpoint
ALTER TABLE "webhooks" ALTER COLUMN "enabled" SET DEFAULT 1;
--> statement-breakpoint
-- SQLite's json_each(X), as the shared SQL texts read it (db/postgres/postgres-dialect.ts rewrites
-- json_each to this): one row per element of an array (key: its index) or member of an object, with
-- the value as text; no rows for NULL or a scalar.
CREATE FUNCTION loupe_json_each(j text) RETURNS TABLE (key text, value text) LANGUAGE sql IMMUTABLE AS $$
  SELECT e.key, e.value FROM json_each_text(CASE WHEN json_typeof(j::json) = 'object' THEN j::json END) AS e
  UNION ALL
  SELECT (a.i - 1)::text, a.v FROM json_array_elements_text(CASE WHEN json_typeof(j::json) = 'array' THEN j::json END)
    WITH ORDINALITY AS a (v, i)
$$;--> statement-breakpoint
CREATE FUNCTION loupe_json_each(j json) RETURNS TABLE (key text, value text) LANGUAGE sql IMMUTABLE AS $$
  SELECT * FROM loupe_json_each(j::text)
$$;--> statement-breakpoint
-- db/text-fold.ts's loupe_fold, which SQLite gets from JavaScript: NFKC, then lower case.
CREATE FUNCTION loupe_fold(s text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT lower(normalize(s, NFKC))
$$;
