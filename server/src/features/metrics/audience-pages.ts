import {
  type AnswerSample,
  type AudienceFilters,
  type AudienceSample,
  PROMPT_KINDS,
  type PageStats,
  type SegmentFilters,
} from '@loupe/shared';
import { type AudienceSampling, audienceWalk, sampledField, scaleOf } from '../../analytics/audience-sample.js';
import type Database from 'better-sqlite3';
import { audiencePageTotals } from '../../analytics/audience-page-totals.js';
import { audienceCountFilters } from '../../analytics/audience-sessions.js';
import { readGrains } from '../../analytics/grain-reader.js';
import type { QueryRange } from '../../analytics/query-range.js';
import { addToDistribution, type Distribution, headlineScore, percent, round2 } from '../../analytics/score-math.js';
import { planSpans } from '../../analytics/tier-plan.js';
import { readAudienceAnswers } from './audience-answers.js';

// The pages table for an audience (trait filters, new vs returning): from the audience's page
// visits (session_pages: views, scroll, JS errors of each visit, counted in the hour of its first
// view), its sessions (entries, bounce, single-page rate by entry page) and its answers (by the
// traits each carried). Time on the page, frustration clicks and Web Vitals are kept per page in
// the rollups, not per visit: under an audience they are null, never the unfiltered figures.
// An audience of at most one trait, without a device, browser or language filter, is read from
// the counts kept by who the session is (db/schema/audience-page-rates.ts) and by who answered
// (db/schema/audience-answers.ts): the same figures, a few index ranges instead of the range's
// sessions. Several traits, or a segment filter, read the sessions and visits, or past the
// threshold a fixed sample of them (analytics/audience-sample.ts): views, sessions, entries and JS
// errors are then the sample's times 2^level, the rates and the mean scroll depth the sample's.
// The answers are read from the audience's answers, past the threshold from a fixed sample of them
// (the scores route's for the same range and audience): responses scaled, the NPS the sample's own.

/** Whether the audience's pages are counted at ingest: at most one trait, no segment but the page. */
export const audienceCountsPages = (f: SegmentFilters, a: AudienceFilters): boolean =>
  a.traits.length <= 1 && f.device === undefined && f.browser === undefined && f.language === undefined;

type PageOf = (path: string) => PageStats;

export function fillAudiencePages(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  audience: AudienceFilters,
  range: QueryRange,
  pageOf: PageOf,
  sampling?: AudienceSampling,
): { sampled?: AudienceSample; answersSampled?: AnswerSample } {
  const page = (path: string) => {
    const p = pageOf(path);
    p.rageClicks = null;
    p.deadClicks = null;
    p.errorClicks = null;
    return p;
  };
  if (audienceCountsPages(f, audience)) {
    fromCounts(db, siteId, f.path, audience, range, page);
    return {};
  }
  return fromSessions(db, siteId, f, audience, range, page, sampling);
}

/** The audience's page rates by UTC hour, day and month (db/schema/audience-page-rates.ts). */
const RATE_TIERS = {
  hourly: 'audience_page_rates',
  daily: 'audience_page_rates_daily',
  monthly: 'audience_page_rates_monthly',
} as const;
const ANSWER_TIERS = {
  hourly: 'audience_path_scores',
  daily: 'audience_path_scores_daily',
  monthly: 'audience_path_scores_monthly',
} as const;

function fromCounts(
  db: Database.Database,
  siteId: string,
  path: string | undefined,
  audience: AudienceFilters,
  range: QueryRange,
  page: PageOf,
): void {
  const spans = planSpans(range.fromHour, range.toHour);
  const filters = { ...audienceCountFilters(audience), path };
  const rates = readGrains(
    db,
    {
      ...RATE_TIERS,
      siteId,
      filters,
      groupBy: ['path'],
      sums: ['visits', 'pageviews', 'js_errors', 'scroll_sum', 'entries', 'engaged_entries', 'multi_page_entries'],
    },
    spans,
  );
  for (const { group, sums } of rates.values()) {
    const [visits, views, jsErrors, scroll, entries, engaged, multiPage] = sums as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    if (visits === 0 && entries === 0) continue;
    const p = page(String(group[0]));
    p.views += views;
    p.sessions += visits;
    p.jsErrors += jsErrors;
    if (visits > 0) p.avgScrollDepth = round2(scroll / visits);
    if (entries > 0) {
      p.entries = entries;
      p.bounceRate = percent(entries - engaged, entries);
      p.singlePageRate = percent(entries - multiPage, entries);
    }
  }
  const nps = new Map<string, Distribution>();
  // One read per kind: the kind comes before the hour in the answer counts' key, so each is one
  // index range per span (without it, every kind's rows of the audience are walked).
  for (const kind of PROMPT_KINDS) {
    const answers = readGrains(
      db,
      { ...ANSWER_TIERS, siteId, filters: { ...filters, kind }, groupBy: ['path', 'score'], sums: ['responses'] },
      spans,
    );
    for (const { group, sums } of answers.values()) {
      const [at, score] = group as [string, number];
      const n = sums[0]!;
      if (n === 0) continue;
      page(at).responses += n;
      if (kind !== 'nps') continue;
      if (!nps.has(at)) nps.set(at, new Map());
      addToDistribution(nps.get(at)!, Number(score), n, 0);
    }
  }
  for (const [at, d] of nps) page(at).nps = headlineScore('nps', d);
}

function fromSessions(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  audience: AudienceFilters,
  range: QueryRange,
  page: PageOf,
  sampling: AudienceSampling | undefined,
): { sampled?: AudienceSample; answersSampled?: AnswerSample } {
  const walk = audienceWalk(db, siteId, audience, range.fromHour, range.toHour, sampling);
  const scale = scaleOf(walk);
  const totals = audiencePageTotals(db, siteId, audience, f, range.fromHour, range.toHour, walk);
  for (const v of totals.visits) {
    const p = page(v.path);
    p.views += v.pageviews * scale;
    p.sessions += v.visits * scale;
    p.jsErrors += v.jsErrors * scale;
    p.avgScrollDepth = round2(v.scrollSum / v.visits);
  }
  let sampleSessions = 0;
  for (const e of totals.entries) {
    sampleSessions += e.sessions;
    if (f.path !== undefined && e.path !== f.path) continue;
    const p = page(e.path);
    p.entries = e.sessions * scale;
    p.bounceRate = percent(e.sessions - e.engaged, e.sessions);
    p.singlePageRate = percent(e.sessions - e.multiPage, e.sessions);
  }

  const nps = new Map<string, Distribution>();
  const answers = readAudienceAnswers(db, siteId, f, audience, range.fromHour, range.toHour, sampling);
  for (const a of answers.counts) {
    page(a.path).responses += a.responses;
    if (a.kind !== 'nps') continue;
    if (!nps.has(a.path)) nps.set(a.path, new Map());
    addToDistribution(nps.get(a.path)!, a.score, a.responses, a.comments);
  }
  for (const [path, d] of nps) page(path).nps = headlineScore('nps', d);
  return { ...sampledField(walk, sampleSessions), ...(answers.sample ? { answersSampled: answers.sample } : {}) };
}
