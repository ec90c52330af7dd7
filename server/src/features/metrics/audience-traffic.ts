import type { AudienceFilters, SegmentFilters } from '@loupe/shared';
import type Database from 'better-sqlite3';
import {
  type AudienceSession,
  type AudienceTotals,
  type AudienceVisit,
  audienceSessions,
  audienceSessionTotals,
  audienceVisits,
  inSegment,
} from '../../analytics/audience-sessions.js';
import { type AudienceWalk, audienceWalk, scaleOf } from '../../analytics/audience-sample.js';
import { audienceTotalsAndGoals } from '../../analytics/audience-totals-and-goals.js';
import { percent } from '../../analytics/score-math.js';
import { bucketOf } from '../../analytics/series-buckets.js';
import { audienceCountsSessions, readAudienceTrafficCounts } from './audience-traffic-counts.js';
import type { TrafficFigures, TrafficGroup } from './traffic-figures.js';

// The traffic figures of traffic-figures.ts for an audience (trait filters, new vs returning, or a
// grouping by trait): the rollups know no customers, so these are counted from the audience's
// sessions and page visits (analytics/audience-sessions.ts). The same definitions, with what
// sessions and visits keep in place of the rollups' event-hour counters:
// - Every figure of a session counts in the hour it started, page views included (the rollups put
//   a page view in its own hour); a visit's page views in the hour of its first view.
// - Visitors are exact: distinct visitor ids of the sessions (a session without one, under Do Not
//   Track or GPC, is a visitor of its own); returning visitors are those with a returning session.
// - Under a path filter: sessions and page views are the page's visits, bounce and conversion of
//   the sessions that entered on it, as without an audience; time on the page is not kept per
//   visit, so engagement is null there (and visitors, as without an audience).
// - A grouping by trait puts each session under its value of the trait; sessions without the
//   trait are in no row.
// - Read at a sample level (`walk`, analytics/audience-sample.ts), each session of the sample
//   stands for 2^level: counts (sessions, page views) are the sample's scaled, rates and means the
//   sample's own, and the visitors null (with the returning visitors' rate): distinct visitors
//   cannot be scaled from a sample of sessions, a visitor with several sessions being counted once
//   in the whole and about once per 2^level of its sessions in the sample.

/** The session columns a segment filter narrows (the path is a visit's or an entry's, not a column). */
const segmentOf = (f: SegmentFilters) => ({ device: f.device, browser: f.browser, language: f.language });

/** A grouping of an audience read: a breakdown dimension, or a trait by name. */
export type AudienceGroup = { dim: TrafficGroup } | { trait: string };

interface Subjects {
  sessions: AudienceSession[];
  /** The page's visits, under a path filter only. */
  visits: AudienceVisit[] | undefined;
}

function subjects(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  audience: AudienceFilters,
  from: number,
  to: number,
  group: AudienceGroup | undefined,
  walk: AudienceWalk,
): Subjects {
  const trait = group && 'trait' in group ? group.trait : undefined;
  const sessions = audienceSessions(db, siteId, audience, from, to, trait, walk).filter((s) => inSegment(s, f));
  const visits =
    f.path === undefined || (group && 'dim' in group && group.dim === 'entryPage')
      ? undefined
      : audienceVisits(db, siteId, audience, from, to, trait, walk, f.path).filter((v) => inSegment(v, f));
  return { sessions, visits };
}

function figures(
  sessions: readonly AudienceSession[],
  path: string | undefined,
  visits: readonly AudienceVisit[] | undefined,
  entryRow: boolean,
  scale: number,
): TrafficFigures {
  const entered = path === undefined ? sessions : sessions.filter((s) => s.entry_path === path);
  const started = entered.length;
  let engaged = 0;
  let converted = 0;
  for (const s of entered) {
    engaged += s.engaged;
    if (s.tracks > 0) converted += 1;
  }
  const rates = {
    bounceRate: percent(started - engaged, started),
    conversionRate: percent(converted, started),
    startedSessions: started * scale,
  };
  if (visits !== undefined) {
    return {
      visitors: null,
      sessions: visits.length * scale,
      pageviews: visits.reduce((n, v) => n + v.pageviews, 0) * scale,
      avgEngagementMs: null,
      returningVisitorRate: null,
      ...rates,
    };
  }
  const engagedMs = entered.reduce((n, s) => n + s.engaged_ms, 0);
  let visitors: number | null = null;
  let returningVisitorRate: number | null = null;
  if (!entryRow && path === undefined && scale === 1) {
    const all = new Set<string>();
    const back = new Set<string>();
    for (const s of sessions) {
      const who = s.visitor_id ?? `session\u0001${s.session_id}`;
      all.add(who);
      if (s.returning) back.add(who);
    }
    visitors = all.size;
    returningVisitorRate = percent(back.size, all.size);
  }
  return {
    visitors,
    sessions: started * scale,
    pageviews: entered.reduce((n, s) => n + s.pageviews, 0) * scale,
    avgEngagementMs: started > 0 ? Math.round(engagedMs / started) : null,
    returningVisitorRate,
    ...rates,
  };
}

/** The group value of a session or visit ('' when not grouped; null: in no group). */
function keyOf(x: AudienceSession | AudienceVisit, group: AudienceGroup | undefined): string | null {
  if (group === undefined) return '';
  if ('trait' in group) return x.trait_value;
  if (group.dim === 'entryPage') return (x as AudienceSession).entry_path;
  return x[group.dim];
}

function groupBy<T extends AudienceSession | AudienceVisit>(xs: readonly T[], group: AudienceGroup | undefined) {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const key = keyOf(x, group);
    if (key === null) continue;
    const list = out.get(key);
    if (list) list.push(x);
    else out.set(key, [x]);
  }
  return out;
}

/** The traffic figures of [from, to) for an audience, per group value ('' when not grouped). */
export function readAudienceTraffic(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  audience: AudienceFilters,
  from: number,
  to: number,
  group?: AudienceGroup,
  walk: AudienceWalk = audienceWalk(db, siteId, audience, from, to),
): Map<string, TrafficFigures> {
  if (f.path === undefined) return fromTotals(db, siteId, f, audience, from, to, group, walk);
  const { sessions, visits } = subjects(db, siteId, f, audience, from, to, group, walk);
  const entryRow = group !== undefined && 'dim' in group && group.dim === 'entryPage';
  const bySession = groupBy(sessions, group);
  const byVisit = visits === undefined ? undefined : groupBy(visits, group);
  const keys = group === undefined ? [''] : [...new Set([...bySession.keys(), ...(byVisit?.keys() ?? [])])];
  const out = new Map<string, TrafficFigures>();
  for (const key of keys) {
    out.set(
      key,
      figures(
        bySession.get(key) ?? [],
        f.path,
        byVisit === undefined ? undefined : (byVisit.get(key) ?? []),
        entryRow,
        scaleOf(walk),
      ),
    );
  }
  return out;
}

/** Without a path filter every figure is of whole sessions: summed by SQLite, per group. */
function fromTotals(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  audience: AudienceFilters,
  from: number,
  to: number,
  group: AudienceGroup | undefined,
  walk: AudienceWalk,
): Map<string, TrafficFigures> {
  const scale = scaleOf(walk);
  const by =
    group === undefined
      ? undefined
      : 'trait' in group
        ? { trait: group.trait }
        : { column: group.dim === 'entryPage' ? ('entry_path' as const) : group.dim };
  const entryRow = group !== undefined && 'dim' in group && group.dim === 'entryPage';
  const segment = segmentOf(f);
  const rows = audienceSessionTotals(db, siteId, audience, from, to, segment, by, walk);
  const out = new Map<string, TrafficFigures>();
  if (group === undefined) out.set('', figuresOfTotals(rows[0], scale, entryRow));
  else for (const t of rows) out.set(t.key, figuresOfTotals(t, scale, entryRow));
  return out;
}

/** The traffic figures of a group's session totals (undefined: none), counts times `scale`. */
function figuresOfTotals(t: Omit<AudienceTotals, 'key'> | undefined, scale: number, entryRow: boolean): TrafficFigures {
  const n = t?.sessions ?? 0;
  const visitors = !entryRow && scale === 1;
  return {
    visitors: visitors ? (t?.visitors ?? 0) : null,
    sessions: n * scale,
    pageviews: (t?.pageviews ?? 0) * scale,
    bounceRate: percent(n - (t?.engaged ?? 0), n),
    avgEngagementMs: n > 0 ? Math.round(t!.engaged_ms / n) : null,
    conversionRate: percent(t?.converted ?? 0, n),
    returningVisitorRate: visitors ? percent(t?.returning_visitors ?? 0, t?.visitors ?? 0) : null,
    startedSessions: n * scale,
  };
}

/**
 * The overview's traffic figures of [from, to) for an audience without a path filter, with the
 * conversions per goal of the same sessions (scaled), from one walk of its sessions
 * (analytics/audience-totals-and-goals.ts).
 */
export function readAudienceTrafficAndGoals(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  audience: AudienceFilters,
  from: number,
  to: number,
  walk: AudienceWalk,
): { traffic: TrafficFigures; goals: Map<string, number> } {
  const scale = scaleOf(walk);
  const segment = segmentOf(f);
  const read = audienceTotalsAndGoals(db, siteId, audience, from, to, segment, walk);
  const goals = new Map([...read.goals].map(([name, n]) => [name, n * scale]));
  return { traffic: figuresOfTotals(read.totals, scale, false), goals };
}

/**
 * The audience's traffic figures of each bucket of a series: from the counts by who the session
 * is when they hold the question (audience-traffic-counts.ts); else under a path filter one read
 * of the whole range split into buckets here, and without one, one summing query per bucket (up
 * to 366): the buckets are local-calendar spans, not an SQL expression, and distinct visitors
 * cannot be added up from finer groups.
 */
export function readAudienceTrafficSeries(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  audience: AudienceFilters,
  buckets: readonly { start: number; end: number }[],
  walk?: AudienceWalk,
): TrafficFigures[] {
  if (buckets.length === 0) return [];
  if (audienceCountsSessions(f, audience))
    return readAudienceTrafficCounts(db, siteId, f, audience, buckets).map((b) => b.traffic);
  const [from, to] = [buckets[0]!.start, buckets.at(-1)!.end];
  // One walk for every bucket: the same sample (and the same leading trait) throughout.
  const w = walk ?? audienceWalk(db, siteId, audience, from, to);
  // Without a path, each bucket's sessions are summed by SQLite (its distinct visitors too); a
  // sample has no visitors, so its sums per start hour are read in one walk and added up here.
  if (f.path === undefined && scaleOf(w) > 1) return sampleSeries(db, siteId, f, audience, buckets, w);
  if (f.path === undefined)
    return buckets.map((b) => fromTotals(db, siteId, f, audience, b.start, b.end, undefined, w).get('')!);
  const { sessions, visits } = subjects(db, siteId, f, audience, from, to, undefined, w);
  const perBucket = <T extends { hour: number }>(xs: readonly T[]) => {
    const out = buckets.map(() => [] as T[]);
    for (const x of xs) out[bucketOf(buckets, x.hour)]?.push(x);
    return out;
  };
  const s = perBucket(sessions);
  const v = visits === undefined ? undefined : perBucket(visits);
  return buckets.map((_, i) => figures(s[i]!, f.path, v?.[i], false, scaleOf(w)));
}

/**
 * readAudienceTrafficSeries without a path, read at a sample level: the sample's sessions summed
 * per start hour by SQLite in one walk of the whole range (a statement per bucket walked the
 * sample in as many pieces, each planned on PostgreSQL), added up per bucket. Every figure but the
 * visitors (none from a sample) is a sum, so the buckets' are the hours'.
 */
function sampleSeries(
  db: Database.Database,
  siteId: string,
  f: SegmentFilters,
  audience: AudienceFilters,
  buckets: readonly { start: number; end: number }[],
  walk: AudienceWalk,
): TrafficFigures[] {
  const [from, to] = [buckets[0]!.start, buckets.at(-1)!.end];
  const segment = segmentOf(f);
  const hours = audienceSessionTotals(db, siteId, audience, from, to, segment, { column: 'hour' }, walk);
  const sums = buckets.map(() => ({ sessions: 0, engaged: 0, converted: 0, pageviews: 0, engaged_ms: 0 }));
  for (const h of hours) {
    const sum = sums[bucketOf(buckets, Number(h.key))];
    if (sum === undefined) continue;
    sum.sessions += h.sessions;
    sum.engaged += h.engaged;
    sum.converted += h.converted;
    sum.pageviews += h.pageviews;
    sum.engaged_ms += h.engaged_ms;
  }
  const scale = scaleOf(walk);
  return sums.map((t) =>
    figuresOfTotals(t.sessions > 0 ? { ...t, visitors: 0, returning_visitors: 0 } : undefined, scale, false),
  );
}
