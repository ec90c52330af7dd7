import type Database from 'better-sqlite3';
import { CLOSED_HOUR_GENERATIONS_SQL, isKeptBucket } from '../db/closed-hours.js';
import { dayOf } from '../lib/hour-bucket.js';
import { LruMap } from '../lib/lru-map.js';
import { perDatabase } from '../lib/per-database.js';
import { prepared } from './cube-reader.js';

// A long series reads the same closed buckets at every request: 181 local days of one language
// merge 4,344 hours of segment sketches, and the counters of each day need its edge hours. The
// sums of a bucket that ended over a day ago change only by a commit to a closed hour, which
// bumps the generation of that hour's UTC day (db/closed-hours.ts), so they are kept here, per
// connection, under the generations of the days the bucket covers as the read found them first.
// A read under a later generation never sees them; they age out. On PostgreSQL the generations
// are the database's, so another instance's late commit reaches this one's next read without a
// notification.

/** Buckets kept per connection, the least recently used dropped first (a bucket's sums: a few hundred bytes to a few KB). */
const MAX_BUCKETS = 20_000;

const memoOf = perDatabase(() => new LruMap<string, unknown>(MAX_BUCKETS));

/** One read's view of what its site keeps: `what` names the question (a cube read, its filters…). */
export interface ClosedBuckets {
  /** The kept sums of the bucket, or undefined; callers must not change what it returns. */
  get<T>(what: string, start: number, end: number): T | undefined;
  /** Keeps a bucket's sums if it is closed; the caller must not change them afterwards. */
  keep(what: string, start: number, end: number, sums: unknown): void;
}

/**
 * The closed buckets of a site's series as of now, for buckets within [from, to): one statement,
 * for the generations of the days that had late commits.
 */
export function closedBuckets(
  db: Database.Database,
  siteId: string,
  from: number,
  to: number,
  now = Date.now(),
): ClosedBuckets {
  const late = prepared(db, CLOSED_HOUR_GENERATIONS_SQL).all(siteId, dayOf(from), to) as [number, number][];
  // Generations only grow, so the sum over a bucket's days changes with any bump of one of them.
  const version = (start: number, end: number) => {
    let sum = 0;
    for (const [day, generation] of late) if (day >= dayOf(start) && day < end) sum += Number(generation);
    return sum;
  };
  const memo = memoOf(db);
  const keyOf = (what: string, start: number, end: number) =>
    `${siteId}\u0001${what}\u0001${start}\u0001${end}\u0001${version(start, end)}`;
  return {
    get<T>(what: string, start: number, end: number): T | undefined {
      if (!isKeptBucket(end, now)) return undefined;
      return memo.get(keyOf(what, start, end)) as T | undefined;
    },
    keep(what, start, end, sums) {
      if (!isKeptBucket(end, now)) return;
      memo.set(keyOf(what, start, end), sums);
    },
  };
}
