import { hourOf } from '../../../lib/hour-bucket.js';
import type { IngestRow } from '../ingest-row.js';
import type { IngestStatements, PageCounter, PageSegmentCounter } from '../writer/ingest-statements.js';
import type { RateDeltas } from './rate-deltas.js';
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
  jsErrors: number;
  /** JS errors that came before the batch's first page view or engagement of the page. */
  errorsBeforeOpen: number;
  /** Whether a page view or engagement came: only those make a visit; a JS error alone marks one. */
  opens: boolean;
}

interface StoredVisit {
  hour: number;
  device: string;
  browser: string;
  language: string;
  pageviews: number;
  max_scroll: number;
  js_errors: number;
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
    private readonly rates: RateDeltas,
  ) {}

  /** A JavaScript error on the row's page: marks the session's visit of it, never makes one. */
  addError(row: IngestRow): void {
    this.add(row, 0, 0, 1);
  }

  add(row: IngestRow, pageviews: number, scroll: number, jsErrors = 0): void {
    const opens = jsErrors === 0;
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
        jsErrors,
        errorsBeforeOpen: 0,
        opens,
      });
      return;
    }
    if (opens && !d.opens) {
      // A new visit would start here: errors before its first view or engagement are not its own
      // (an existing visit's are: it was viewed in an earlier commit).
      d.firstTs = row.ts;
      d.errorsBeforeOpen = d.jsErrors;
      d.opens = true;
    } else if (opens) d.firstTs = Math.min(d.firstTs, row.ts);
    d.pageviews += pageviews;
    d.maxScroll = Math.max(d.maxScroll, scroll);
    d.jsErrors += jsErrors;
  }

  apply(): void {
    for (const d of this.visits.values()) {
      const hour = hourOf(d.firstTs);
      // Most visits are new in the batch that brings their page view: one statement.
      if (
        d.opens &&
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
          d.jsErrors - d.errorsBeforeOpen,
        ).changes
      ) {
        this.rates.visit({ ...d, hour }, true, 0, d.jsErrors - d.errorsBeforeOpen);
        const key = [d.siteId, hour, d.path, d.device];
        this.pageRollups.add(key, 'sessions');
        this.pageRollups.add(key, 'scroll_sum', d.maxScroll);
        const segment = [d.siteId, hour, d.path, d.device, d.browser, d.language];
        this.pageSegments.add(segment, 'sessions');
        this.pageSegments.add(segment, 'scroll_sum', d.maxScroll);
        continue;
      }
      const old = this.s.selectPageVisit.get(d.siteId, d.sessionId, d.path) as StoredVisit | undefined;
      // An error on a page the session has no visit of (yet) marks nothing.
      if (old === undefined) continue;
      const maxScroll = Math.max(old.max_scroll, d.maxScroll);
      if (d.pageviews === 0 && maxScroll === old.max_scroll && d.jsErrors === 0) continue;
      this.s.updatePageVisit.run(
        old.pageviews + d.pageviews,
        maxScroll,
        old.js_errors + d.jsErrors,
        d.siteId,
        d.sessionId,
        d.path,
      );
      this.rates.visit({ ...old, siteId: d.siteId, path: d.path }, false, old.js_errors, old.js_errors + d.jsErrors);
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
