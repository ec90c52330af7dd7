import type { AudienceFilters, Change, OverviewResponse, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { previousRange, rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import type { AudienceSampling } from '../../analytics/audience-sample.js';
import { percent, round2 } from '../../analytics/score-math.js';
import { overviewFigures, type OverviewFigures } from './overview-figures.js';

export function change(value: number | null, previous: number | null): Change {
  const both = value !== null && previous !== null;
  return {
    value,
    previous,
    change: both ? round2(value - previous) : null,
    changePercent: both && previous !== 0 ? round2(((value - previous) / Math.abs(previous)) * 100) : null,
  };
}

type Scalar = Exclude<keyof OverviewFigures, 'goals' | 'startedSessions' | 'sampled' | 'answersSampled'>;
const SCALARS: Scalar[] = [
  'visitors',
  'sessions',
  'pageviews',
  'bounceRate',
  'avgEngagementMs',
  'conversionRate',
  'returningVisitorRate',
  'responses',
  'nps',
  'csat',
  'ces',
  'complaints',
  'complaintRate',
  'openComplaints',
  'resolved',
  'medianTimeToResolveMs',
];

/** The overview of a range, each figure against the period of equal length just before it. */
export function readOverview(
  db: Database.Database,
  siteId: string,
  range: QueryRange,
  filters: SegmentFilters = {},
  audience: AudienceFilters = { traits: [] },
  sampling?: AudienceSampling,
): OverviewResponse {
  const prevRange = previousRange(range);
  const now = overviewFigures(db, siteId, range, filters, audience, sampling);
  const prev = overviewFigures(db, siteId, prevRange, filters, audience, sampling);
  const names = [...new Set([...now.goals.keys(), ...prev.goals.keys()])].sort();
  const goals = names.map((name) => {
    const [a, b] = [now.goals.get(name) ?? 0, prev.goals.get(name) ?? 0];
    return {
      name,
      conversions: change(a, b),
      conversionRate: change(percent(a, now.startedSessions), percent(b, prev.startedSessions)),
    };
  });
  const figures = Object.fromEntries(SCALARS.map((k) => [k, change(now[k], prev[k])])) as Record<Scalar, Change>;
  // Each period is sampled on its own: the range's sample is the one the answer names.
  const sampled = now.sampled ?? prev.sampled;
  const answersSampled = now.answersSampled ?? prev.answersSampled;
  return {
    range: rangeEcho(range),
    previousRange: rangeEcho(prevRange),
    ...(sampled ? { sampled } : {}),
    ...(answersSampled ? { answersSampled } : {}),
    ...figures,
    goals,
  };
}
