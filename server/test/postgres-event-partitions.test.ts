import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropEventPartitionsBefore, ensureEventPartitions, monthStart } from '../src/db/postgres/event-partitions.js';
import { type FreshDatabase, freshPostgresDatabase } from './helpers/postgres-database.js';

// The upkeep of `events`' monthly partitions on a real server: made ahead, idempotent and safe to
// run from two instances at once, and dropped by month for retention, with the default partition's
// rows following the same rule.

const month = (y: number, m: number) => Date.UTC(y, m - 1, 1);
const NOW = Date.UTC(2026, 11, 15, 12); // mid-December 2026

describe('events partitions', { timeout: 60_000 }, () => {
  let database: FreshDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await freshPostgresDatabase();
    pool = new pg.Pool({ connectionString: database.url, max: 4 });
    pool.on('error', () => {});
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  const partitions = async () =>
    (
      await pool.query<{ name: string; bound: string }>(
        `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass ORDER BY c.relname`,
      )
    ).rows;
  const whereIs = async () =>
    (await pool.query(`SELECT id, tableoid::regclass::text AS part FROM events ORDER BY client_ts, id`)).rows;

  async function insertEvent(id: string, clientTs: number): Promise<void> {
    await pool.query(
      `INSERT INTO events (site_id, id, type, ts, received_at, session_id, path, device, browser, language, payload, client_ts)
       VALUES ('site_a', $1, 'pageview', $2, $2, 'sess', '/', 'desktop', 'Chrome', 'en', '{}', $2)`,
      [id, clientTs],
    );
  }

  it('finds month starts in UTC', () => {
    expect(monthStart(NOW)).toBe(month(2026, 12));
    expect(monthStart(NOW, -1)).toBe(month(2026, 11));
    expect(monthStart(NOW, 2)).toBe(month(2027, 2));
    expect(monthStart(month(2027, 1) - 1)).toBe(month(2026, 12));
  });

  it('make the previous, current and next months, moving rows already in the default partition', async () => {
    // Before any upkeep every row is in the default partition, whatever its month.
    await insertEvent('nov', month(2026, 11) + 1);
    await insertEvent('ancient', month(2020, 3) + 5);
    await insertEvent('far-future', month(2031, 1));
    expect(await partitions()).toEqual([{ name: 'events_default', bound: 'DEFAULT' }]);

    const made = await ensureEventPartitions(pool, { now: NOW, monthsAhead: 2 });
    expect(made).toEqual(['events_2026_11', 'events_2026_12', 'events_2027_01', 'events_2027_02']);
    expect(await partitions()).toEqual([
      { name: 'events_2026_11', bound: `FOR VALUES FROM ('${month(2026, 11)}') TO ('${month(2026, 12)}')` },
      { name: 'events_2026_12', bound: `FOR VALUES FROM ('${month(2026, 12)}') TO ('${month(2027, 1)}')` },
      { name: 'events_2027_01', bound: `FOR VALUES FROM ('${month(2027, 1)}') TO ('${month(2027, 2)}')` },
      { name: 'events_2027_02', bound: `FOR VALUES FROM ('${month(2027, 2)}') TO ('${month(2027, 3)}')` },
      { name: 'events_default', bound: 'DEFAULT' },
    ]);
    // Out of range, a row stays in the default partition; in range, it lands in its month.
    await insertEvent('dec-last-ms', month(2027, 1) - 1);
    await insertEvent('jan-first-ms', month(2027, 1));
    expect(await whereIs()).toEqual([
      { id: 'ancient', part: 'events_default' },
      { id: 'nov', part: 'events_2026_11' },
      { id: 'dec-last-ms', part: 'events_2026_12' },
      { id: 'jan-first-ms', part: 'events_2027_01' },
      { id: 'far-future', part: 'events_default' },
    ]);
  });

  it('change nothing when run again, or by two instances at once', async () => {
    const before = { partitions: await partitions(), rows: await whereIs() };
    const names = ['events_2026_11', 'events_2026_12', 'events_2027_01', 'events_2027_02'];
    expect(await ensureEventPartitions(pool, { now: NOW, monthsAhead: 2 })).toEqual(names);
    expect({ partitions: await partitions(), rows: await whereIs() }).toEqual(before);

    // A month later, two instances at once: each gets every month, March is made once.
    const later = Date.UTC(2027, 0, 10);
    const both = await Promise.all([
      ensureEventPartitions(pool, { now: later, monthsAhead: 2 }),
      ensureEventPartitions(pool, { now: later, monthsAhead: 2 }),
    ]);
    expect(both).toEqual([names.slice(1).concat('events_2027_03'), names.slice(1).concat('events_2027_03')]);
    expect((await partitions()).map((p) => p.name)).toEqual([...names, 'events_2027_03', 'events_default']);
    expect(await whereIs()).toEqual(before.rows);
  });

  it('refuse a negative or absurd number of months ahead', async () => {
    for (const monthsAhead of [-1, 1.5, 121]) {
      await expect(ensureEventPartitions(pool, { now: NOW, monthsAhead })).rejects.toThrow(RangeError);
    }
  });

  it('drop only the whole months that end by the cutoff, and the default rows of such months', async () => {
    const cutoff = month(2026, 12) + 86_400_000; // 1 December 2026, plus a day: December straddles it
    const dropped = await dropEventPartitionsBefore(pool, cutoff);
    expect(dropped).toEqual({ partitions: ['events_2026_11'], defaultRows: 1 });
    expect((await partitions()).map((p) => p.name)).toEqual([
      'events_2026_12',
      'events_2027_01',
      'events_2027_02',
      'events_2027_03',
      'events_default',
    ]);
    expect(await whereIs()).toEqual([
      { id: 'dec-last-ms', part: 'events_2026_12' },
      { id: 'jan-first-ms', part: 'events_2027_01' },
      { id: 'far-future', part: 'events_default' },
    ]);
    // Again: nothing left to drop. A cutoff exactly at a month's end drops that month.
    expect(await dropEventPartitionsBefore(pool, cutoff)).toEqual({ partitions: [], defaultRows: 0 });
    expect(await dropEventPartitionsBefore(pool, month(2027, 1))).toEqual({
      partitions: ['events_2026_12'],
      defaultRows: 0,
    });
    expect((await whereIs()).map((r) => r.id)).toEqual(['jan-first-ms', 'far-future']);
  });

  it('leave alone a partition whose bound is not a month range of its own making', async () => {
    await pool.query(`CREATE TABLE events_odd PARTITION OF events FOR VALUES FROM (MINVALUE) TO ('0')`);
    expect(await dropEventPartitionsBefore(pool, month(2027, 1))).toEqual({ partitions: [], defaultRows: 0 });
    expect((await partitions()).map((p) => p.name)).toContain('events_odd');
  });
});
