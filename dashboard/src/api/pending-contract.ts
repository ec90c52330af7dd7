import type { OverviewResponse } from '@loupe/shared';

// Read answers the dashboard uses whose zod schemas are being added to the shared contract
// (time series, breakdowns, the new overview figures). Replace each with `import type` from
// @loupe/shared once it is there.

export type Overview = OverviewResponse & Partial<Pick<OverviewResponse, 'visitors'>> & {
  pageviews?: OverviewResponse['visitors'];
  avgEngagementMs?: OverviewResponse['visitors'];
  conversionRate?: OverviewResponse['visitors'];
};

export type TimeseriesMetric =
  | 'visitors'
  | 'sessions'
  | 'pageviews'
  | 'bounceRate'
  | 'avgEngagementMs'
  | 'conversionRate'
  | 'returningVisitorRate'
  | 'responses'
  | 'nps'
  | 'csat'
  | 'ces'
  | 'complaints';

export type TimeseriesPoint = { period: string; from: string; to: string } & Partial<Record<TimeseriesMetric, number | null>>;

export interface TimeseriesResponse {
  interval: string;
  range: { from: string; to: string; tz: string };
  points: TimeseriesPoint[];
}

export interface BreakdownRow {
  value: string;
  visitors?: number;
  sessions?: number;
  pageviews?: number;
  bounceRate?: number | null;
  avgEngagementMs?: number | null;
}

export interface BreakdownResponse {
  by: string;
  rows: BreakdownRow[];
}
