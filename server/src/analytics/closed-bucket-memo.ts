import type Database from 'better-sqlite3';
import { CLOSED_HOUR_GENERATION_SQL, isKeptBucket } from '../db/closed-hours.js';
import { prepared } from './cube-reader.js';

// A long series reads the same closed buckets at every request: 181 local days of one language
// merge 4,344 hours of segment sketches, and the counters of each day need its edge hours. The
// sums of a bucket that ended over a day ago change only by a commit to a closed hour, which
// bumps the site's generation (db/closed-hours.ts), so they are kept here, per connection, under
// the generation the read found first. A read under a later generation never sees them; they
// age out. On PostgreSQL the generation is the database's, so another instance's late commit
// reaches this one's next read without a notification.

/** Buckets kept per connection, the least recently used dropped first (a bucket's sums: a few hundred bytes to a few KB). */
const MAX_BUCKETS = 20_000;

const memos = new WeakMap<Database.Database, Map<string, unknown>>();

function memoOf(db: Database.Database): Map<string, unknown> {
  let memo = memos.get(db);
  if (!memo) {
    memo = new Map();
    memos.set(db, memo);
  }
  return memo;
}

/** One read's view of what its site keeps: `what` names the question (a cube read, its filters…). */
export interface ClosedBuckets {
  /** The kept sums of the bucket, or undefined; callers must not change what it returns. */
  get<T>(what: string, start: number, end: number): T | undefined;
  /** Keeps a bucket's sums if it is closed; the caller must not change them afterwards. */
  keep(what: string, start: number, end: number, sums: unknown): void;
}

/** The closed buckets of a site as of now: one statement, for the generation. */
export function closedBuckets(db: Database.Database, siteId: string, now = Date.now()): ClosedBuckets {
  const row = prepared(db, CLOSED_HOUR_GENERATION_SQL).get(siteId) as [number | string] | undefined;
  const generation = row === undefined ? 0 : Number(row[0]);
  const memo = memoOf(db);
  const keyOf = (what: string, start: number, end: number) =>
    `${siteId}\u0001${generation}\u0001${what}\u0001${start}\u0001${end}`;
  return {
    get<T>(what: string, start: number, end: number): T | undefined {
      if (!isKeptBucket(end, now)) return undefined;
      const key = keyOf(what, start, end);
      const sums = memo.get(key);
      if (sums === undefined) return undefined;
      // Most recently used last: Map keeps insertion order, so the first key is the one to drop.
      memo.delete(key);
      memo.set(key, sums);
      return sums as T;
    },
    keep(what, start, end, sums) {
      if (!isKeptBucket(end, now)) return;
      memo.set(keyOf(what, start, end), sums);
      while (memo.size > MAX_BUCKETS) memo.delete(memo.keys().next().value!);
    },
  };
}
