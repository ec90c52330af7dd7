import type Database from 'better-sqlite3';
import { DAY_MS } from '../../../analytics/local-calendar.js';
import { engagementBucket } from '../../../lib/engagement-histogram.js';
import { prepareRollupTable, RollupDeltas, type RollupTable } from './rollup-deltas.js';
import { perDatabase } from '../../../lib/per-database.js';

// The rates' read model (db/schema/rate-rollups.ts), written by the derivations that already know
// each fact: SessionDeltas (a session is new, met its first JS error, its engaged time moved
// bucket), PageVisitDeltas (a page visit is new, met its first JS error) and BatchAggregator
// (ordinary clicks). Each fact goes to an hourly, a daily and a monthly row, summed per key over
// the commit.

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

  constructor(db: Database.Database) {
    const s = statementsOf(db);
    this.sessions = new GrainDeltas(s.errorRate, s.errorRateDaily, s.errorRateMonthly);
    this.pages = new GrainDeltas(s.pageError, s.pageErrorDaily, s.pageErrorMonthly);
    this.engagement = new GrainDeltas(s.engagement, s.engagementDaily, s.engagementMonthly);
    this.clicks = new GrainDeltas(undefined, s.plainClickDaily, s.plainClickMonthly);
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
    if (isNew) this.sessions.add(key, 'sessions');
    if (errorsBefore === 0 && errorsAfter > 0) this.sessions.add(key, 'error_sessions');
    const to = engagementBucket(msAfter);
    const toKey = [at.siteId, at.hour, at.device, at.browser, at.language, to];
    if (isNew) this.engagement.add(toKey, 'sessions');
    else {
      const from = engagementBucket(msBefore);
      if (from !== to) {
        this.engagement.add([at.siteId, at.hour, at.device, at.browser, at.language, from], 'sessions', -1);
        this.engagement.add(toKey, 'sessions');
      }
    }
    this.engagement.add(toKey, 'engaged_ms', msAfter - msBefore);
  }

  /** One page visit's change: just stored, and its JS errors on the page before and after. */
  visit(at: RateVisit, isNew: boolean, errorsBefore: number, errorsAfter: number): void {
    const key = [at.siteId, at.hour, at.path, at.device, at.browser, at.language];
    if (isNew) this.pages.add(key, 'visits');
    if (errorsBefore === 0 && errorsAfter > 0) this.pages.add(key, 'error_visits');
  }

  /** An ordinary click on an element (click_rollups keeps the hourly rows). */
  plainClick(siteId: string, hour: number, path: string, selector: string, device: string): void {
    this.clicks.add([siteId, hour, path, selector, device], 'events');
  }

  apply(): void {
    this.sessions.apply();
    this.pages.apply();
    this.engagement.apply();
    this.clicks.apply();
  }
}
