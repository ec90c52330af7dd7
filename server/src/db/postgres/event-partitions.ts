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
  return inPartitionTransaction(pool, async (client) => {
    const expired = await monthsEndingBy(client, cutoff);
    for (const name of expired) await client.query(`DROP TABLE ${client.escapeIdentifier(name)}`);
    const deleted = await client.query('DELETE FROM events_default WHERE client_ts < $1', [monthStart(cutoff)]);
    return { partitions: expired, defaultRows: deleted.rowCount ?? 0 };
  });
}

/**
 * The month partitions that end at or before `by` (epoch ms), oldest first. Anything this cannot
 * read as a month (a bound not of the form 0001 creates) is left out: retention never guesses what
 * it deletes.
 */
async function monthsEndingBy(db: pg.Pool | pg.PoolClient, by: number): Promise<string[]> {
  const { rows } = await db.query<{ name: string; bound: string }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'events'::regclass`,
  );
  return rows
    .map(({ name, bound }) => ({ name, hi: MONTH_BOUND.exec(bound)?.[2] }))
    .filter((p): p is { name: string; hi: string } => p.hi !== undefined && Number(p.hi) <= by)
    .sort((a, b) => Number(a.hi) - Number(b.hi))
    .map((p) => p.name);
}

/** `work` in one transaction on one connection, under the partition lock. */
async function inPartitionTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    await client.query(PARTITION_LOCK);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
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

/** One site's raw-events cutoff: every event of the site before it (by `ts`) has expired. */
export interface SiteCutoff {
  siteId: string;
  before: number;
}

/**
 * Retention by whole partitions: drops each month partition that ended by the earliest of the
 * sites' cutoffs and holds no event still inside its own site's window, oldest first; returns the
 * names dropped. The partitions go by client time and the windows by `ts` (corrected for clock
 * skew, without bound), so a partition is read once to make sure before it goes: a single event
 * whose corrected time is still kept keeps the whole month, whose other rows the retention job then
 * deletes one by one, as on SQLite. Rows of a site not in `cutoffs` (one being deleted) do not hold
 * a partition back. The default partition is never dropped.
 */
export async function dropExpiredEventPartitions(pool: pg.Pool, cutoffs: SiteCutoff[]): Promise<string[]> {
  if (cutoffs.length === 0) return [];
  const ended = await monthsEndingBy(pool, Math.min(...cutoffs.map((c) => c.before)));
  const dropped: string[] = [];
  // One transaction per partition: DROP locks the parent table until COMMIT, and ingestion waits
  // for that, so never across the reading of another month.
  for (const name of ended) if (await dropIfExpired(pool, name, cutoffs)) dropped.push(name);
  return dropped;
}

function dropIfExpired(pool: pg.Pool, name: string, cutoffs: SiteCutoff[]): Promise<boolean> {
  return inPartitionTransaction(pool, async (client) => {
    const table = client.escapeIdentifier(name);
    // Another instance's retention may have dropped it since the list was read.
    const exists = await client.query('SELECT to_regclass($1) IS NOT NULL AS ok', [table]);
    if (!exists.rows[0]?.ok) return false;
    // SHARE: no insert (a late event, its clock years off) lands between the reading and the drop.
    await client.query(`LOCK TABLE ${table} IN SHARE MODE`);
    const kept = await client.query(
      `SELECT 1 FROM ${table} e JOIN unnest($1::text[], $2::int8[]) AS c(site_id, before)
       ON c.site_id = e.site_id WHERE e.ts >= c.before LIMIT 1`,
      [cutoffs.map((c) => c.siteId), cutoffs.map((c) => c.before)],
    );
    if (kept.rowCount !== 0) return false;
    await client.query(`DROP TABLE ${table}`);
    return true;
  });
}
