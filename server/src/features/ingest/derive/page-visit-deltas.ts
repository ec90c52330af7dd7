import { hourOf } from '../../../lib/hour-bucket.js';
import type { IngestRow } from '../ingest-row.js';
import type { IngestStatements, PageCounter, PageSegmentCounter } from '../writer/ingest-statements.js';
import type { RollupDeltas } from './rollup-deltas.js';

interface Delta {
  siteId: string;
  sessionId: string;
  path: string;
  firstTs: number;
  device: string;
  browser: string;
  language: string;
  pageviews: number;
  maxScroll: number;
}

interface StoredVisit {
  hour: number;
  device: string;
  browser: string;
  language: string;
  pageviews: number;
  max_scroll: number;
}

/**
 * Which pages each session saw (session_pages), so a page's "sessions" counts each visit once and
 * its average scroll depth is the mean of each visit's deepest scroll (Plausible's definition),
 * both additive across hourly rollup rows. Counts go to the hour of the visit's first view, in
 * page_rollups and, under the visitor's segment, in page_segment_rollups.
 */
export class PageVisitDeltas {
  private readonly visits = new Map<string, Delta>();

  constructor(
    private readonly s: IngestStatements,
    private readonly pageRollups: RollupDeltas<PageCounter>,
    private readonly pageSegments: RollupDeltas<PageSegmentCounter>,
  ) {}

  add(row: IngestRow, pageviews: number, scroll: number): void {
    const e = row.event;
    const id = `${row.siteId}\u0001${e.sessionId}\u0001${e.path}`;
    const d = this.visits.get(id);
    if (!d) {
      this.visits.set(id, {
        siteId: row.siteId,
        sessionId: e.sessionId,
        path: e.path,
        firstTs: row.ts,
        device: row.device,
        browser: row.browser,
        language: row.language,
        pageviews,
        maxScroll: scroll,
      });
      return;
    }
    d.firstTs = Math.min(d.firstTs, row.ts);
    d.pageviews += pageviews;
    d.maxScroll = Math.max(d.maxScroll, scroll);
  }

  apply(): void {
    for (const d of this.visits.values()) {
      const hour = hourOf(d.firstTs);
      // Most visits are new in the batch that brings their page view: one statement.
      if (
        this.s.insertPageVisit.run(
          d.siteId,
          d.sessionId,
          d.path,
          hour,
          d.device,
          d.browser,
          d.language,
          d.pageviews,
          d.maxScroll,
        ).changes
      ) {
        const key = [d.siteId, hour, d.path, d.device];
        this.pageRollups.add(key, 'sessions');
        this.pageRollups.add(key, 'scroll_sum', d.maxScroll);
        const segment = [d.siteId, hour, d.path, d.device, d.browser, d.language];
        this.pageSegments.add(segment, 'sessions');
        this.pageSegments.add(segment, 'scroll_sum', d.maxScroll);
        continue;
      }
      const old = this.s.selectPageVisit.get(d.siteId, d.sessionId, d.path) as StoredVisit;
      const maxScroll = Math.max(old.max_scroll, d.maxScroll);
      if (d.pageviews === 0 && maxScroll === old.max_scroll) continue;
      this.s.updatePageVisit.run(old.pageviews + d.pageviews, maxScroll, d.siteId, d.sessionId, d.path);
      this.pageRollups.add([d.siteId, old.hour, d.path, old.device], 'scroll_sum', maxScroll - old.max_scroll);
      this.pageSegments.add(
        [d.siteId, old.hour, d.path, old.device, old.browser, old.language],
        'scroll_sum',
        maxScroll - old.max_scroll,
      );
    }
    this.visits.clear();
  }
}
