import type Database from 'better-sqlite3';
import { DAY_MS } from '../../../analytics/local-calendar.js';
import { engagementBucket } from '../../../lib/engagement-histogram.js';
import { prepareRollupTable, RollupDeltas, type RollupTable } from './rollup-deltas.js';
import { perDatabase } from '../../../lib/per-database.js';

// The rates' read model (db/schema/rate-rollups.ts), written by the derivations that already know
// each fact: SessionDeltas (a session is new, met its first JS error, its engaged time moved
// bucket), PageVisitDeltas (a page visit is new, met its first JS error) and BatchAggregator
// (ordinary clicks). Each fact goes to an hourly, a daily and a monthly row, summed per key over
// the commit, and the same again without the visitor segment (db/schema/rate-totals.ts).

const dayOf = (hour: number) => hour - (((hour % DAY_MS) + DAY_MS) % DAY_MS);
const monthOf = (hour: number) => {
  const d = new Date(hour);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};

type Key = (string | number)[];

/** The key with its hour replaced by the start of the hour's UTC day or month. */
const at = (key: Key, unit: (hour: number) => number): Key => {
  const out = [...key];
  out[1] = unit(key[1] as number);
  return out;
};

/** One fact at three grains: the hourly table, the daily and the monthly one (the hour's UTC day, month). */
class GrainDeltas<C extends string> {
  private readonly hourly: RollupDeltas<C> | undefined;
  private readonly daily: RollupDeltas<C>;
  private readonly monthly: RollupDeltas<C>;

  constructor(hourly: RollupTable<C> | undefined, daily: RollupTable<C>, monthly: RollupTable<C>) {
    this.hourly = hourly && new RollupDeltas(hourly);
    this.daily = new RollupDeltas(daily);
    this.monthly = new RollupDeltas(monthly);
  }

  /** `key` is [site, hour, ...dimensions]; it must not change after this call. */
  add(key: Key, counter: C, amount = 1): void {
    if (amount === 0) return;
    this.hourly?.add(key, counter, amount);
    this.daily.add(at(key, dayOf), counter, amount);
    this.monthly.add(at(key, monthOf), counter, amount);
  }

  apply(): void {
    this.hourly?.apply();
    this.daily.apply();
    this.monthly.apply();
  }
}

function prepare(db: Database.Database) {
  const session = ['site_id', 'hour', 'device', 'browser', 'language', 'release'];
  const page = ['site_id', 'hour', 'path', 'device', 'browser', 'language'];
  const engagement = ['site_id', 'hour', 'device', 'browser', 'language', 'bucket'];
  const sessionCounters = ['sessions', 'error_sessions'] as const;
  const pageCounters = ['visits', 'error_visits'] as const;
  const engagementCounters = ['sessions', 'engaged_ms'] as const;
  const click = ['site_id', 'hour', 'path', 'selector', 'device'];
  const clickCounters = ['events'] as const;
  const sessionTotal = ['site_id', 'hour', 'release'];
  const pageTotal = ['site_id', 'hour', 'path'];
  const engagementTotal = ['site_id', 'hour', 'bucket'];
  const clickTotal = ['site_id', 'hour', 'path', 'selector'];
  return {
    errorRate: prepareRollupTable(db, 'error_rate_rollups', session, sessionCounters),
    errorRateDaily: prepareRollupTable(db, 'error_rate_daily', session, sessionCounters),
    errorRateMonthly: prepareRollupTable(db, 'error_rate_monthly', session, sessionCounters),
    pageError: prepareRollupTable(db, 'page_error_rollups', page, pageCounters),
    pageErrorDaily: prepareRollupTable(db, 'page_error_daily', page, pageCounters),
    pageErrorMonthly: prepareRollupTable(db, 'page_error_monthly', page, pageCounters),
    engagement: prepareRollupTable(db, 'engagement_rollups', engagement, engagementCounters),
    engagementDaily: prepareRollupTable(db, 'engagement_daily', engagement, engagementCounters),
    engagementMonthly: prepareRollupTable(db, 'engagement_monthly', engagement, engagementCounters),
    plainClickDaily: prepareRollupTable(db, 'plain_click_daily', click, clickCounters),
    plainClickMonthly: prepareRollupTable(db, 'plain_click_monthly', click, clickCounters),
    errorRateTotal: prepareRollupTable(db, 'error_rate_total_rollups', sessionTotal, sessionCounters),
    errorRateTotalDaily: prepareRollupTable(db, 'error_rate_total_daily', sessionTotal, sessionCounters),
    errorRateTotalMonthly: prepareRollupTable(db, 'error_rate_total_monthly', sessionTotal, sessionCounters),
    pageErrorTotal: prepareRollupTable(db, 'page_error_total_rollups', pageTotal, pageCounters),
    pageErrorTotalDaily: prepareRollupTable(db, 'page_error_total_daily', pageTotal, pageCounters),
    pageErrorTotalMonthly: prepareRollupTable(db, 'page_error_total_monthly', pageTotal, pageCounters),
    engagementTotal: prepareRollupTable(db, 'engagement_total_rollups', engagementTotal, engagementCounters),
    engagementTotalDaily: prepareRollupTable(db, 'engagement_total_daily', engagementTotal, engagementCounters),
    engagementTotalMonthly: prepareRollupTable(db, 'engagement_total_monthly', engagementTotal, engagementCounters),
    plainClickTotalDaily: prepareRollupTable(db, 'plain_click_total_daily', clickTotal, clickCounters),
    plainClickTotalMonthly: prepareRollupTable(db, 'plain_click_total_monthly', clickTotal, clickCounters),
  };
}
const statementsOf = perDatabase(prepare);

/** A session's place in the rate rollups: its start hour and segment, as stored. */
export interface RateSession {
  siteId: string;
  hour: number;
  device: string;
  browser: string;
  language: string;
  release: string;
}

/** A page visit's place: its first view's hour, the page and the visit's segment, as stored. */
export interface RateVisit {
  siteId: string;
  hour: number;
  path: string;
  device: string;
  browser: string;
  language: string;
}

export class RateDeltas {
  private readonly sessions;
  private readonly pages;
  private readonly engagement;
  private readonly clicks;
  /** The same four without the visitor segment (device, browser, language). */
  private readonly sessionTotals;
  private readonly pageTotals;
  private readonly engagementTotals;
  private readonly clickTotals;

  constructor(db: Database.Database) {
    const s = statementsOf(db);
    this.sessions = new GrainDeltas(s.errorRate, s.errorRateDaily, s.errorRateMonthly);
    this.pages = new GrainDeltas(s.pageError, s.pageErrorDaily, s.pageErrorMonthly);
    this.engagement = new GrainDeltas(s.engagement, s.engagementDaily, s.engagementMonthly);
    this.clicks = new GrainDeltas(undefined, s.plainClickDaily, s.plainClickMonthly);
    this.sessionTotals = new GrainDeltas(s.errorRateTotal, s.errorRateTotalDaily, s.errorRateTotalMonthly);
    this.pageTotals = new GrainDeltas(s.pageErrorTotal, s.pageErrorTotalDaily, s.pageErrorTotalMonthly);
    this.engagementTotals = new GrainDeltas(s.engagementTotal, s.engagementTotalDaily, s.engagementTotalMonthly);
    this.clickTotals = new GrainDeltas(undefined, s.plainClickTotalDaily, s.plainClickTotalMonthly);
  }

  /**
   * One session's change in this commit: `isNew` (just stored), its JS errors and engaged ms
   * before and after. A session counts once where it started; an error session when its first
   * JS error arrives; in the histogram it leaves its old bucket for its new one.
   */
  session(
    at: RateSession,
    isNew: boolean,
    errorsBefore: number,
    errorsAfter: number,
    msBefore: number,
    msAfter: number,
  ): void {
    const key = [at.siteId, at.hour, at.device, at.browser, at.language, at.release];
    const total = [at.siteId, at.hour, at.release];
    if (isNew) {
      this.sessions.add(key, 'sessions');
      this.sessionTotals.add(total, 'sessions');
    }
    if (errorsBefore === 0 && errorsAfter > 0) {
      this.sessions.add(key, 'error_sessions');
      this.sessionTotals.add(total, 'error_sessions');
    }
    // The histogram: the session leaves its old bucket for its new one, in the segmented rows and
    // in the rows without the segment alike.
    const to = engagementBucket(msAfter);
    const from = isNew ? undefined : engagementBucket(msBefore);
    const histograms = [
      [this.engagement, (b: number) => [at.siteId, at.hour, at.device, at.browser, at.language, b]],
      [this.engagementTotals, (b: number) => [at.siteId, at.hour, b]],
    ] as const;
    for (const [grains, keyOf] of histograms) {
      const toKey = keyOf(to);
      if (from !== undefined && from !== to) grains.add(keyOf(from), 'sessions', -1);
      if (from !== to) grains.add(toKey, 'sessions');
      grains.add(toKey, 'engaged_ms', msAfter - msBefore);
    }
  }

  /** One page visit's change: just stored, and its JS errors on the page before and after. */
  visit(at: RateVisit, isNew: boolean, errorsBefore: number, errorsAfter: number): void {
    const key = [at.siteId, at.hour, at.path, at.device, at.browser, at.language];
    const total = [at.siteId, at.hour, at.path];
    if (isNew) {
      this.pages.add(key, 'visits');
      this.pageTotals.add(total, 'visits');
    }
    if (errorsBefore === 0 && errorsAfter > 0) {
      this.pages.add(key, 'error_visits');
      this.pageTotals.add(total, 'error_visits');
    }
  }

  /** An ordinary click on an element (click_rollups keeps the hourly rows). */
  plainClick(siteId: string, hour: number, path: string, selector: string, device: string): void {
    this.clicks.add([siteId, hour, path, selector, device], 'events');
    this.clickTotals.add([siteId, hour, path, selector], 'events');
  }

  apply(): void {
    this.sessions.apply();
    this.pages.apply();
    this.engagement.apply();
    this.clicks.apply();
    this.sessionTotals.apply();
    this.pageTotals.apply();
    this.engagementTotals.apply();
    this.clickTotals.apply();
  }
}
