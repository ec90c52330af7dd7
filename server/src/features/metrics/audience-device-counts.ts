import type { AudienceFilters, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { prepared } from '../../analytics/cube-reader.js';
import { audienceCountFilters } from '../../analytics/audience-sessions.js';
import { audienceCountsSessions, readAudienceTrafficCounts } from './audience-traffic-counts.js';
import type { TrafficFigures } from './traffic-figures.js';

// A breakdown by device class under an audience, from the counts kept by who the session is
// (audience-traffic-counts.ts): those counts key each session's device, so a device's row is the
// audience's figures narrowed to that device, read as the overview reads them under a device
// filter, instead of grouping every session of the range. The sessions' read groups each session
// under its device, in the hour it started, as the counts do, so the rows are the same; visitors
// are exact while a device's sketches stay sets, within HyperLogLog's ~1.6 % past that, as in the
// breakdown by a trait.

/** Whether the counts hold a breakdown by device under `a`: at most one trait, no filter but the device. */
export const deviceCountsHold = audienceCountsSessions;

type Device = NonNullable<SegmentFilters['device']>;

/**
 * The devices the counts hold for the audience's cell (some may have no session in a range: those
 * rows come out empty). The monthly table has a row for every month a device's sessions started
 * in, so no device of any range is missed, in few rows. A session's device is always a class (the
 * server falls back to the User-Agent's), so the column holds nothing else.
 */
function cellDevices(db: Database.Database, siteId: string, a: AudienceFilters): Device[] {
  const cell = audienceCountFilters(a);
  const sql =
    'SELECT DISTINCT device FROM audience_session_rates_monthly WHERE site_id = ? AND trait_key = ? ' +
    'AND trait_value = ? ORDER BY device';
  return (prepared(db, sql).all(siteId, cell.trait_key, cell.trait_value) as [Device][]).map((r) => r[0]);
}

/** The audience's traffic figures of [from, to) per device class (deviceCountsHold must hold). */
export function readAudienceDeviceCounts(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  a: AudienceFilters,
  from: number,
  to: number,
): Map<string, TrafficFigures> {
  const devices = f.device !== undefined ? [f.device] : cellDevices(db, siteId, a);
  const out = new Map<string, TrafficFigures>();
  for (const device of devices) {
    const [counts] = readAudienceTrafficCounts(db, siteId, { device }, a, [{ start: from, end: to }]);
    out.set(device, counts!.traffic);
  }
  return out;
}
