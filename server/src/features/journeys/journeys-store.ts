import type { JourneysResponse, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { prepared } from '../../analytics/cube-reader.js';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { percent, round2, segmentOf, type Kind, type Segment } from '../../analytics/score-math.js';

interface JourneyQuestion {
  kind: Kind;
  segment: Segment;
  compareTo?: Segment | undefined;
  depth: number;
  limit: number;
}

const SEGMENT_COLUMNS = ['device', 'browser', 'language'] as const;

interface Tally {
  responses: number;
  scoreSum: number;
  compared: number;
}

/**
 * The most common journeys of one score band's answers, each against the compared band: one
 * GROUP BY over the journey rollups of one depth (features/ingest/derive/response-journey.ts).
 */
export function readJourneys(
  db: Database.Database,
  siteId: string,
  q: JourneyQuestion,
  filters: SegmentFilters,
  range: QueryRange,
): JourneysResponse {
  const compareTo: Segment = q.compareTo ?? (q.segment === 'promoter' ? 'detractor' : 'promoter');
  const conds = ['site_id = ?', 'kind = ?', 'depth = ?', 'hour >= ?', 'hour < ?'];
  const params: (string | number)[] = [siteId, q.kind, q.depth, range.fromHour, range.toHour];
  for (const column of SEGMENT_COLUMNS) {
    const value = filters[column];
    if (value === undefined) continue;
    conds.push(`${column} = ?`);
    params.push(value);
  }
  const sql =
    `SELECT journey, score, sum(responses) AS responses FROM journey_rollups WHERE ${conds.join(' AND ')} ` +
    'GROUP BY journey, score';
  const rows = prepared(db, sql).all(...params) as [string, number, number][];

  const tallies = new Map<string, Tally>();
  let inBand = 0;
  let inCompared = 0;
  for (const [journey, score, responses] of rows) {
    if (responses === 0) continue;
    const band = segmentOf(q.kind, score);
    if (band !== q.segment && band !== compareTo) continue;
    let t = tallies.get(journey);
    if (!t) {
      t = { responses: 0, scoreSum: 0, compared: 0 };
      tallies.set(journey, t);
    }
    // A band compared with itself: every answer is on both sides.
    if (band === q.segment) {
      t.responses += responses;
      t.scoreSum += score * responses;
      inBand += responses;
    }
    if (band === compareTo) {
      t.compared += responses;
      inCompared += responses;
    }
  }
  const journeys = [...tallies]
    .filter(([, t]) => t.responses > 0)
    .sort(
      ([ja, a], [jb, b]) => b.responses - a.responses || b.compared - a.compared || (ja < jb ? -1 : ja > jb ? 1 : 0),
    )
    .slice(0, q.limit)
    .map(([journey, t]) => {
      const share = percent(t.responses, inBand);
      const comparedShare = percent(t.compared, inCompared);
      return {
        steps: JSON.parse(journey) as string[],
        responses: t.responses,
        share,
        meanScore: round2(t.scoreSum / t.responses),
        compared: { responses: t.compared, share: comparedShare },
        lift: share === null || comparedShare === null ? null : round2(share - comparedShare),
      };
    });
  return {
    kind: q.kind,
    segment: q.segment,
    compareTo,
    depth: q.depth,
    range: rangeEcho(range),
    totals: { segment: inBand, compareTo: inCompared },
    journeys,
  };
}
