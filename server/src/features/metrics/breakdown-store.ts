import {
  type AudienceFilters,
  type BreakdownDimension,
  type BreakdownResponse,
  type BreakdownRow,
  type SegmentFilters,
  traitOfGroup,
} from '@loupe/shared';
import type Database from 'better-sqlite3';
import { type AudienceSampling, audienceWalk, sampledField, scaleOf } from '../../analytics/audience-sample.js';
import { hasAudience } from '../../analytics/audience-sessions.js';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { deviceCountsHold, readAudienceDeviceCounts } from './audience-device-counts.js';
import { dimensionCountsHold, readAudienceDimensionCounts } from './audience-dimension-counts.js';
import { readAudienceTraitCounts, traitCountsHold } from './audience-trait-counts.js';
import { readAudienceTraffic } from './audience-traffic.js';
import { hasTraffic, readTraffic, type TrafficFigures } from './traffic-figures.js';

export interface BreakdownQuestion {
  /** A dimension, or a trait: trait.<name>. */
  by: BreakdownDimension | string;
  filters: SegmentFilters;
  audience?: AudienceFilters | undefined;
  /** Under an audience the counts do not key: its sessions walked, or past the threshold a fixed sample of them. */
  sampling?: AudienceSampling | undefined;
  sort: Exclude<keyof BreakdownRow, 'value' | 'returningVisitorRate'>;
  order: 'asc' | 'desc';
  limit: number;
}

/**
 * The rows from the counts by who the session is, when they hold the question: by a trait, or by
 * a dimension under an audience (without one the rollups answer: traffic-figures.ts).
 */
function readCounted(
  db: Database.Database,
  siteId: string,
  q: BreakdownQuestion,
  audience: AudienceFilters,
  trait: string | undefined,
  { fromHour, toHour }: QueryRange,
): Map<string, TrafficFigures> | undefined {
  const f = q.filters;
  if (trait !== undefined)
    return traitCountsHold(f, audience, trait)
      ? readAudienceTraitCounts(db, siteId, f, audience, trait, fromHour, toHour)
      : undefined;
  if (!hasAudience(audience)) return undefined;
  if (q.by === 'device' && deviceCountsHold(f, audience))
    return readAudienceDeviceCounts(db, siteId, f, audience, fromHour, toHour);
  if (dimensionCountsHold(q.by, f, audience))
    return readAudienceDimensionCounts(db, siteId, f, audience, q.by, fromHour, toHour);
  return undefined;
}

/**
 * The traffic figures per device class, browser family, language, entry page (traffic-figures.ts)
 * or trait value; for an audience or by trait, from the audience's sessions (audience-traffic.ts),
 * by a trait or a dimension the counts hold from the counts by who the session is
 * (audience-trait-counts.ts, audience-device-counts.ts, audience-dimension-counts.ts).
 */
export function readBreakdown(
  db: Database.Database,
  siteId: string,
  q: BreakdownQuestion,
  range: QueryRange,
): BreakdownResponse {
  const rows: BreakdownRow[] = [];
  const audience = q.audience ?? { traits: [] };
  const trait = traitOfGroup(q.by);
  const counted = readCounted(db, siteId, q, audience, trait, range);
  const walk =
    !counted && (trait !== undefined || hasAudience(audience))
      ? audienceWalk(db, siteId, audience, range.fromHour, range.toHour, q.sampling)
      : undefined;
  const read =
    counted ??
    (walk
      ? readAudienceTraffic(
          db,
          siteId,
          q.filters,
          audience,
          range.fromHour,
          range.toHour,
          trait !== undefined ? { trait } : { dim: q.by as BreakdownDimension },
          walk,
        )
      : readTraffic(db, siteId, q.filters, range.fromHour, range.toHour, q.by as BreakdownDimension));
  for (const [value, f] of read) {
    if (!hasTraffic(f)) continue;
    const { startedSessions: _, ...figures } = f;
    rows.push({ value, ...figures });
  }
  const dir = q.order === 'asc' ? 1 : -1;
  rows.sort((a, b) => {
    const x = a[q.sort];
    const y = b[q.sort];
    if (x === null || y === null)
      return x === y ? b.sessions - a.sessions || (a.value < b.value ? -1 : 1) : x === null ? 1 : -1;
    return (x - y) * dir || b.sessions - a.sessions || (a.value < b.value ? -1 : 1);
  });
  // The sample's sessions: every row's, before scaling (a session is in one row at most).
  const sampled = walk ? sampledField(walk, rows.reduce((n, r) => n + r.sessions, 0) / scaleOf(walk)) : {};
  return { by: q.by, range: rangeEcho(range), ...sampled, totalValues: rows.length, rows: rows.slice(0, q.limit) };
}
