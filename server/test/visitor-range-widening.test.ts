import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widenOverEmptyHours } from '../src/analytics/widen-over-empty-hours.js';
import { createSite } from '../src/features/sites/sites-store.js';
import { createDatasetPrompts, ingestDataset } from './helpers/ingest-dataset.js';
import { datasetEvents, type Dataset } from './helpers/random-dataset.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// Visitor sketches of a whole month or day are read for a range's edge when the part of that unit
// outside the range started no session: the same visitors from fewer sketches. Three visitors, on
// 5 March 10:30, 20 March 15:10 and 2 April 08:00 UTC, bound how far each edge may move.

const at = (iso: string) => Date.parse(`${iso}Z`);
const ANCHOR = at('2024-03-05T10:30:00');
const MIN = 60_000;
const session = (
  visitor: 'v1' | 'v2' | 'v3',
  browser: 'chrome' | 'safari',
  at: number,
): Dataset['sessions'][number] => ({
  offsetMin: Math.round((at - ANCHOR) / MIN),
  visitor,
  device: 'desktop',
  browser,
  language: 'en',
  release: undefined,
  steps: [{ gapSec: 0, path: '/', what: { type: 'pageview' } }],
});

describe('visitor sketches read over the empty hours around a range', () => {
  let t: TestApp;
  let site: ReturnType<typeof createSite>;
  beforeAll(async () => {
    t = await createTestApp();
    site = createSite(t.app.db, { name: 'w', origins: [] });
    const dataset: Dataset = {
      anchor: ANCHOR,
      sessions: [
        session('v1', 'chrome', ANCHOR),
        session('v2', 'chrome', at('2024-03-20T15:10:00')),
        session('v3', 'safari', at('2024-04-02T08:00:00')),
      ],
    };
    ingestDataset(t.app, site.siteId, datasetEvents(dataset, createDatasetPrompts(t.app, site.siteId)));
  }, 60_000);
  afterAll(() => t.close());

  const widen = (start: string, end: string, months = true) => {
    const r = widenOverEmptyHours(
      t.app.db.$client,
      months ? 'visitor_segment_sketches' : 'visitor_sketches',
      site.siteId,
      { start: at(start), end: at(end) },
      months,
    );
    return { start: new Date(r.start).toISOString(), end: new Date(r.end).toISOString() };
  };

  it('moves each edge to the coarsest boundary that adds no hour with a session', () => {
    // Nothing before 1 March: the month; the next session is at 10:00 on 5 March: the day.
    expect(widen('2024-03-03T05:00:00', '2024-03-04T07:00:00')).toEqual({
      start: '2024-03-01T00:00:00.000Z',
      end: '2024-03-05T00:00:00.000Z',
    });
    // A session on 5 March: the day; the next session after 21 March is in April: to 1 April.
    expect(widen('2024-03-10T06:00:00', '2024-03-21T00:00:00')).toEqual({
      start: '2024-03-10T00:00:00.000Z',
      end: '2024-04-01T00:00:00.000Z',
    });
    // The sessions' own hours are never added: 10:00 on 5 March and 15:00 on 20 March.
    expect(widen('2024-03-05T11:00:00', '2024-03-20T15:00:00')).toEqual({
      start: '2024-03-05T11:00:00.000Z',
      end: '2024-03-20T15:00:00.000Z',
    });
    // Without the monthly tier (site-wide sketches), days at most.
    expect(widen('2024-03-03T05:00:00', '2024-03-04T07:00:00', false)).toEqual({
      start: '2024-03-03T00:00:00.000Z',
      end: '2024-03-05T00:00:00.000Z',
    });
    // After the last session (08:00 on 2 April): the end to the month's, the start stays.
    expect(widen('2024-04-02T09:00:00', '2024-04-02T10:00:00')).toEqual({
      start: '2024-04-02T09:00:00.000Z',
      end: '2024-05-01T00:00:00.000Z',
    });
  });

  it('counts only the visitors of the range, next to sessions on both sides', async () => {
    const visitors = async (from: string, to: string) => {
      const headers = { authorization: `Bearer ${site.secretKey}` };
      const query = `tz=UTC&from=${from}&to=${to}`;
      const breakdown = await t.app.inject({ url: `/v1/metrics/breakdown?by=browser&${query}`, headers });
      const overview = await t.app.inject({ url: `/v1/metrics/overview?${query}`, headers });
      expect(breakdown.statusCode, breakdown.body).toBe(200);
      expect(overview.statusCode, overview.body).toBe(200);
      const rows = breakdown.json().rows as { value: string; visitors: number }[];
      return {
        byBrowser: Object.fromEntries(rows.map((r) => [r.value, r.visitors])),
        total: overview.json().visitors.value as number,
      };
    };
    expect(await visitors('2024-03-06', '2024-03-20')).toEqual({ byBrowser: { chrome: 1 }, total: 1 });
    expect(await visitors('2024-03-05', '2024-03-31')).toEqual({ byBrowser: { chrome: 2 }, total: 2 });
    expect(await visitors('2024-03-21', '2024-04-01')).toEqual({ byBrowser: {}, total: 0 });
    expect(await visitors('2024-03-21', '2024-04-02')).toEqual({ byBrowser: { safari: 1 }, total: 1 });
    expect(await visitors('2024-02-01', '2024-04-30')).toEqual({ byBrowser: { chrome: 2, safari: 1 }, total: 3 });
  });

  it('counts exactly where a widened month is dense but the sketches of the range are not', async () => {
    // 300 visitors on each of two days of an otherwise empty June, in one segment: June's sketch
    // is dense (past 512), the days' are not, and a range from 10 June reads June whole.
    const other = createSite(t.app.db, { name: 'dense', origins: [] });
    const noon = at('2024-06-12T12:00:00');
    const dataset: Dataset = {
      anchor: noon,
      sessions: Array.from({ length: 600 }, (_, i) => ({
        ...session('v1', 'chrome', noon),
        offsetMin: (i % 300) * 2 + (i < 300 ? 0 : 24 * 60),
        visitor: undefined,
      })),
    };
    ingestDataset(t.app, other.siteId, datasetEvents(dataset, createDatasetPrompts(t.app, other.siteId)), 200);
    const res = await t.app.inject({
      url: '/v1/metrics/breakdown?by=browser&tz=UTC&from=2024-06-10&to=2024-06-30',
      headers: { authorization: `Bearer ${other.secretKey}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.json().rows as { value: string; visitors: number; sessions: number }[];
    expect(rows.map((r) => [r.value, r.sessions, r.visitors])).toEqual([['chrome', 600, 600]]);
  }, 30_000);
});
