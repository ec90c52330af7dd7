import type { BreakdownDimension, BreakdownResponse, BreakdownRow, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { hasTraffic, readTraffic } from './traffic-figures.js';

export interface BreakdownQuestion {
  by: BreakdownDimension;
  filters: SegmentFilters;
  sort: Exclude<keyof BreakdownRow, 'value' | 'returningVisitorRate'>;
  order: 'asc' | 'desc';
  limit: number;
}

/** The traffic figures per device class, browser family, language or entry page (traffic-figures.ts). */
export function readBreakdown(
  db: Database.Database,
  siteId: string,
  q: BreakdownQuestion,
  range: QueryRange,
): BreakdownResponse {
  const rows: BreakdownRow[] = [];
  for (const [value, f] of readTraffic(db, siteId, q.filters, range.fromHour, range.toHour, q.by)) {
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
  return { by: q.by, range: rangeEcho(range), totalValues: rows.length, rows: rows.slice(0, q.limit) };
}
