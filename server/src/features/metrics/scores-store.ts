import type { AnswerSampling } from '../../analytics/answer-sample-level.js';
import { type AudienceFilters, MAX_DAY_SERIES_DAYS, type ScoresResponse } from '@loupe/shared';
import { hasAudience, readAudienceDistributions, readAudienceSeries } from './audience-score-store.js';
import type Database from 'better-sqlite3';
import { DAY_MS, type Interval } from '../../analytics/local-calendar.js';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import {
  type DisplayCounts,
  type Distribution,
  NO_DISPLAYS,
  summarize,
  type Kind,
} from '../../analytics/score-math.js';
import { planSpans } from '../../analytics/tier-plan.js';
import { errors } from '../../errors/catalogue.js';
import {
  answerCounts,
  type LinkDimensions,
  readResponseDistributions,
  readResponseDistributionSeries,
  type ResponseGroup,
} from './channel-score-store.js';
import {
  promptsOfKind,
  readDisplays,
  readDisplaySeries,
  readDistributions,
  readDistributionSeries,
  type ScoreDim,
  type ScoreFilters,
} from './score-cubes.js';

export interface ScoresQuestion {
  kind: Kind;
  interval: Interval;
  filters: ScoreFilters;
  /** Channel and touchpoint: answered from the responses table, which keeps them (channel-score-store.ts). */
  link?: LinkDimensions | undefined;
  groupBy?: ResponseGroup | undefined;
  /** Who answered: trait filters and new vs returning (audience-score-store.ts). */
  audience?: AudienceFilters | undefined;
  /** `groupBy=trait.<name>`: the trait's name (then `groupBy` is unset). */
  traitGroup?: string | undefined;
  /** An audience read from its answers: past the threshold, from a fixed sample of them. */
  sampling?: AnswerSampling | undefined;
}

const isLinkGroup = (g: ResponseGroup | undefined): g is 'channel' | 'touchpoint' =>
  g === 'channel' || g === 'touchpoint';

export function readScores(
  db: Database.Database,
  siteId: string,
  q: ScoresQuestion,
  range: QueryRange,
): ScoresResponse {
  if (q.interval === 'day' && range.toHour - range.fromHour > MAX_DAY_SERIES_DAYS * DAY_MS) {
    throw errors.validation(
      `querystring.interval: a daily series covers at most ${MAX_DAY_SERIES_DAYS} days; use interval=week or month`,
      [{ path: 'querystring.interval', message: `day allows at most ${MAX_DAY_SERIES_DAYS} days` }],
    );
  }
  if (hasAudience(q.audience, q.traitGroup)) return readAudienceScores(db, siteId, q, range);
  const kindPrompts = promptsOfKind(db, siteId, q.kind);
  const spans = planSpans(range.fromHour, range.toHour);
  const link = q.link ?? {};
  const byAnswers = link.channel !== undefined || link.touchpoint !== undefined || isLinkGroup(q.groupBy);
  // Displays are the widget's: a hosted page shows no display, so only web answers have them.
  const withDisplays = link.touchpoint === undefined && (link.channel === undefined || link.channel === 'web');
  const cubeGroup: ScoreDim | undefined = isLinkGroup(q.groupBy) ? undefined : q.groupBy;
  const answersIn = (group: ResponseGroup | undefined, from: number, to: number) =>
    readResponseDistributions(db, siteId, q.kind, q.filters, link, group, from, to);
  const dists = byAnswers
    ? answersIn(q.groupBy, range.fromHour, range.toHour)
    : readDistributions(db, siteId, q.kind, q.filters, cubeGroup, spans);
  const shown = withDisplays ? readDisplays(db, siteId, kindPrompts, q.filters, cubeGroup, spans) : new Map();
  // Grouped by channel, every display is the web's; by touchpoint, no group has any.
  const displays: Map<string, DisplayCounts> =
    q.groupBy === 'channel'
      ? new Map(shown.size ? [['web', shown.get('') ?? NO_DISPLAYS]] : [])
      : q.groupBy === 'touchpoint'
        ? new Map()
        : shown;

  const totalDist = new Map<number, { responses: number; comments: number }>();
  // Touchpoint groups leave out the answers without one: the totals are read whole.
  const totalSources =
    q.groupBy === 'touchpoint' ? answersIn(undefined, range.fromHour, range.toHour).values() : dists.values();
  for (const d of totalSources) {
    for (const [score, c] of d) {
      const t = totalDist.get(score) ?? { responses: 0, comments: 0 };
      totalDist.set(score, { responses: t.responses + c.responses, comments: t.comments + c.comments });
    }
  }
  // The response rate is the widget's: answers to displays ÷ displays. Link answers count in the
  // scores but were never displayed, so they are taken out of the rate (few, read by index).
  const linkAnswers = (group: ResponseGroup | undefined, from: number, to: number) =>
    answerCounts(
      readResponseDistributions(db, siteId, q.kind, q.filters, { ...link, linksOnly: true }, group, from, to),
    );
  const responsesIn = (d: Distribution) => [...d.values()].reduce((n, c) => n + c.responses, 0);
  const totalDisplays: DisplayCounts = { displays: 0, dismissals: 0 };
  for (const d of shown.values()) {
    totalDisplays.displays += d.displays;
    totalDisplays.dismissals += d.dismissals;
  }
  totalDisplays.answered = responsesIn(totalDist) - (linkAnswers(undefined, range.fromHour, range.toHour).get('') ?? 0);

  const buckets = range.calendar.buckets(range.fromHour, range.toHour, q.interval);
  const answerSeries = (only: LinkDimensions) =>
    readResponseDistributionSeries(db, siteId, q.kind, q.filters, only, buckets);
  const seriesDists = byAnswers ? answerSeries(link) : readDistributionSeries(db, siteId, q.kind, q.filters, buckets);
  const shownSeries = withDisplays
    ? readDisplaySeries(db, siteId, kindPrompts, q.filters, buckets)
    : buckets.map(() => NO_DISPLAYS);
  const linkSeries = shownSeries.some((s) => s.displays > 0) ? answerSeries({ ...link, linksOnly: true }) : [];
  const seriesShown = shownSeries.map((shownIn, i) =>
    shownIn.displays === 0
      ? shownIn
      : { ...shownIn, answered: responsesIn(seriesDists[i]!) - responsesIn(linkSeries[i]!) },
  );
  const series = buckets.map((b, i) => ({
    period: b.label,
    from: new Date(b.start).toISOString(),
    to: new Date(b.end).toISOString(),
    ...summarize(q.kind, seriesDists[i]!, seriesShown[i]!),
  }));

  const out: ScoresResponse = {
    kind: q.kind,
    interval: q.interval,
    range: rangeEcho(range),
    total: summarize(q.kind, totalDist, totalDisplays),
    series,
  };
  if (q.groupBy) {
    const keys = new Set([...dists.keys(), ...displays.keys()]);
    const linked = displays.size ? linkAnswers(q.groupBy, range.fromHour, range.toHour) : new Map<string, number>();
    const groupDisplays = (key: string): DisplayCounts => {
      const d = displays.get(key) ?? NO_DISPLAYS;
      return { ...d, answered: responsesIn(dists.get(key) ?? new Map()) - (linked.get(key) ?? 0) };
    };
    out.groups = [...keys]
      .map((key) => ({ key, ...summarize(q.kind, dists.get(key) ?? new Map(), groupDisplays(key)) }))
      // A value seen only outside the range can surface with zero counts (a tier minus its edges).
      .filter((g) => g.responses > 0 || g.displays > 0 || g.dismissals > 0)
      .sort((a, b) => b.responses - a.responses || b.displays - a.displays || (a.key < b.key ? -1 : 1));
  }
  return out;
}

/**
 * Scores of an audience (trait filters, new vs returning, or grouped by a trait). Displays are not
 * kept per trait or per new and returning visitor, so response and dismissal rates are null here.
 */
function readAudienceScores(
  db: Database.Database,
  siteId: string,
  q: ScoresQuestion,
  range: QueryRange,
): ScoresResponse {
  const audience = q.audience ?? { traits: [] };
  const link = q.link ?? {};
  const ask = { db, siteId, kind: q.kind, filters: q.filters, audience, link, sampling: q.sampling };
  const buckets = range.calendar.buckets(range.fromHour, range.toHour, q.interval);
  const { whole, series, sample } = readAudienceSeries(ask, range.fromHour, range.toHour, buckets);
  // A sample's margins are its own (the groups read the same range, so the same sample).
  const weight = sample === undefined ? 1 : 1 / sample.rate;
  const out: ScoresResponse = {
    kind: q.kind,
    interval: q.interval,
    range: rangeEcho(range),
    total: summarize(q.kind, whole, NO_DISPLAYS, weight),
    series: buckets.map((b, i) => ({
      period: b.label,
      from: new Date(b.start).toISOString(),
      to: new Date(b.end).toISOString(),
      ...summarize(q.kind, series[i]!, NO_DISPLAYS, weight),
    })),
  };
  if (q.traitGroup !== undefined) {
    const groups = readAudienceDistributions(ask, q.traitGroup, range.fromHour, range.toHour);
    out.groups = [...groups]
      .map(([key, d]) => ({ key, ...summarize(q.kind, d, NO_DISPLAYS, weight) }))
      .filter((g) => g.responses > 0)
      .sort((a, b) => b.responses - a.responses || (a.key < b.key ? -1 : 1));
  }
  if (sample !== undefined) out.sampled = sample;
  return out;
}
