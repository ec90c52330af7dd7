import type { AudienceFilters, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { prepared } from '../../analytics/cube-reader.js';
import { audienceCountsSessions, readAudienceTrafficCounts } from './audience-traffic-counts.js';
import type { TrafficFigures } from './traffic-figures.js';

// A breakdown by a trait from the counts kept by who the session is (audience-traffic-counts.ts):
// each value of the trait is an audience of one trait, so its row is that audience's figures, read
// from audience_session_rates and audience_visitor_sketches as the overview reads them, instead of
// grouping every session of the range with a session_traits lookup each. The counts key a session
// under each of its traits (its latest identify) as it is now, in the hour it started, as the
// sessions' read groups it, so the rows are the same. Visitors are exact while a value's union
// stays a set (up to 50,000), within HyperLogLog's ~1.6 % past it, as in every breakdown and in
// the overview under an audience.

/**
 * Past this many values one read per value costs more than grouping the range's sessions once (a
 * trait such as an e-mail address has a value per customer): those breakdowns keep that read.
 */
export const MAX_COUNTED_TRAIT_VALUES = 32;

/**
 * Whether the counts hold a breakdown by `trait`: no filter but the device, and no audience trait
 * but one of the same name (new vs returning is a key of the counts).
 */
export const traitCountsHold = (f: SegmentFilters, a: AudienceFilters, trait: string): boolean =>
  audienceCountsSessions(f, a) && a.traits.every((t) => t.key === trait);

/**
 * The values the counts hold for a trait (some may have no session in a range: those rows come out
 * empty), at most MAX_COUNTED_TRAIT_VALUES + 1. The monthly table has a row for every month a
 * value's sessions started in, so no value of any range is missed, in few rows.
 */
function traitValues(db: Database.Database, siteId: string, trait: string): string[] {
  const sql =
    'SELECT DISTINCT trait_value FROM audience_session_rates_monthly WHERE site_id = ? AND trait_key = ? ' +
    'ORDER BY trait_value LIMIT ?';
  return (prepared(db, sql).all(siteId, trait, MAX_COUNTED_TRAIT_VALUES + 1) as [string][]).map((r) => r[0]);
}

/**
 * The traffic figures of [from, to) per value of `trait` (traitCountsHold must hold), or undefined
 * when the trait has too many values for one read per value.
 */
export function readAudienceTraitCounts(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  a: AudienceFilters,
  trait: string,
  from: number,
  to: number,
): Map<string, TrafficFigures> | undefined {
  const named = a.traits[0];
  const values = named !== undefined ? [named.value] : traitValues(db, siteId, trait);
  if (values.length > MAX_COUNTED_TRAIT_VALUES) return undefined;
  const out = new Map<string, TrafficFigures>();
  for (const value of values) {
    const audience = { traits: [{ key: trait, value }], returning: a.returning };
    const [counts] = readAudienceTrafficCounts(db, siteId, f, audience, [{ start: from, end: to }]);
    out.set(value, counts!.traffic);
  }
  return out;
}
