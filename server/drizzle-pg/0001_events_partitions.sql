-- Written by hand: drizzle-kit cannot declare a partitioned table. `events` becomes a table
-- partitioned by month of client_ts (the event's own time, epoch ms, UTC months), with the columns,
-- primary key and index 0000_init gave it (LIKE copies the columns, so none is restated here), and
-- a DEFAULT partition for the rows of months that have no partition yet. Retention can then drop
-- a month whole. events_month_partition(at_ms) creates the month holding at_ms (moving its rows out
-- of the default partition); whoever writes events calls it ahead of each month.
ALTER TABLE "events" RENAME TO "events_unpartitioned";
--> statement-breakpoint
CREATE TABLE "events" (LIKE "events_unpartitioned" INCLUDING DEFAULTS) PARTITION BY RANGE ("client_ts");
--> statement-breakpoint
DROP TABLE "events_unpartitioned";
--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_site_id_id_client_ts_pk" PRIMARY KEY ("site_id", "id", "client_ts");
--> statement-breakpoint
CREATE INDEX "events_site_session_ts" ON "events" USING btree ("site_id", "session_id", "ts");
--> statement-breakpoint
CREATE TABLE "events_default" PARTITION OF "events" DEFAULT;
--> statement-breakpoint
CREATE FUNCTION events_month_partition(at_ms bigint) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  month_start timestamp := date_trunc('month', to_timestamp(at_ms / 1000.0) AT TIME ZONE 'UTC');
  lo bigint := (extract(epoch FROM month_start) * 1000)::bigint;
  hi bigint := (extract(epoch FROM month_start + interval '1 month') * 1000)::bigint;
  name text := 'events_' || to_char(month_start, 'YYYY_MM');
BEGIN
  -- Two instances asking for the same month at once: the second finds it made.
  PERFORM pg_advisory_xact_lock(hashtext('events_month_partition'));
  IF to_regclass(quote_ident(name)) IS NOT NULL THEN
    RETURN name;
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE events INCLUDING DEFAULTS)', name);
  EXECUTE format('INSERT INTO %I SELECT * FROM events_default WHERE client_ts >= %s AND client_ts < %s', name, lo, hi);
  EXECUTE format('DELETE FROM events_default WHERE client_ts >= %s AND client_ts < %s', lo, hi);
  EXECUTE format('ALTER TABLE events ATTACH PARTITION %I FOR VALUES FROM (%s) TO (%s)', name, lo, hi);
  RETURN name;
END;
$$;
