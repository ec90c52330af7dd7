import type pg from 'pg';

// Upkeep of `events`, partitioned by UTC month of client_ts (migration 0001_events_partitions).
// Rows whose month has no partition go to `events_default` and are never refused: a client clock
// years off, an offline queue sent late, a month whose partition nobody made. The upkeep keeps
// that partition nearly empty: events_month_partition(at_ms) (the migration's function) makes a
// month and moves the month's rows out of the default, and retention deletes what stays there.

/** The migration's lock for partition changes: the same key, so making and dropping never interleave. */
const PARTITION_LOCK = `SELECT pg_advisory_xact_lock(hashtext('events_month_partition'))`;

/** One month partition's bounds as PostgreSQL prints them, e.g. FOR VALUES FROM ('1796083200000') TO ('1798761600000'). */
const MONTH_BOUND = /^FOR VALUES FROM \('(-?\d+)'\) TO \('(-?\d+)'\)$/;

/** The start (epoch ms) of the UTC month `offset` months after the one holding `at`. */
export function monthStart(at: number, offset = 0): number {
  const d = new Date(at);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1);
}

/**
 * Makes the partitions of the month before `now`'s, `now`'s, and the `monthsAhead` after it, those
 * that do not exist yet (their rows moved out of the default partition); returns the names of all
 * of them, in order. Idempotent; two instances may run it at once (the migration's function locks).
 * The month before is kept because late events (a widget's offline queue) carry last month's time.
 */
export async function ensureEventPartitions(
  pool: pg.Pool,
  { now, monthsAhead }: { now: number; monthsAhead: number },
): Promise<string[]> {
  if (!Number.isInteger(monthsAhead) || monthsAhead < 0 || monthsAhead > 120) {
    throw new RangeError(`monthsAhead must be a whole number from 0 to 120, not ${monthsAhead}`);
  }
  const names: string[] = [];
  for (let offset = -1; offset <= monthsAhead; offset++) {
    // One call, one transaction: a month's move out of the default partition holds the lock only for itself.
    const { rows } = await pool.query<{ name: string }>('SELECT events_month_partition($1) AS name', [
      monthStart(now, offset),
    ]);
    names.push(rows[0]!.name);
  }
  return names;
}

export interface DroppedEvents {
  /** The month partitions dropped, oldest first. */
  partitions: string[];
  /** Rows deleted from the default partition. */
  defaultRows: number;
}

/**
 * Retention by month: drops every month partition that ends at or before `cutoff` (epoch ms), and
 * deletes from the default partition the rows such a partition would have held (client_ts before
 * the start of `cutoff`'s month), so a month with no partition leaves no rows behind either. A
 * month that straddles the cutoff is kept whole. Anything this cannot read as a month (a bound not
 * of the form 0001 creates) is left alone: retention never guesses what it deletes.
 */
export async function dropEventPartitionsBefore(pool: pg.Pool, cutoff: number): Promise<DroppedEvents> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    await client.query(PARTITION_LOCK);
    const { rows } = await client.query<{ name: string; bound: string }>(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'events'::regclass`,
    );
    const expired = rows
      .map(({ name, bound }) => ({ name, hi: MONTH_BOUND.exec(bound)?.[2] }))
      .filter((p): p is { name: string; hi: string } => p.hi !== undefined && Number(p.hi) <= cutoff)
      .sort((a, b) => Number(a.hi) - Number(b.hi));
    for (const { name } of expired) await client.query(`DROP TABLE ${client.escapeIdentifier(name)}`);
    const deleted = await client.query('DELETE FROM events_default WHERE client_ts < $1', [monthStart(cutoff)]);
    await client.query('COMMIT');
    return { partitions: expired.map((p) => p.name), defaultRows: deleted.rowCount ?? 0 };
  } catch (err) {
    // A connection that cannot even roll back is closed rather than handed to the next caller.
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw err;
  } finally {
    client.release(broken);
  }
}
