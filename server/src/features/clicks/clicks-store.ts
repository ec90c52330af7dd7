import { type AudienceFilters, type AudienceSample, type ClicksResponse, FRUSTRATION_CLICK_KINDS } from '@loupe/shared';
import type { AudienceSampling } from '../../analytics/audience-sample.js';
import type Database from 'better-sqlite3';
import { hasAudience } from '../../analytics/audience-sessions.js';
import { readCube } from '../../analytics/cube-reader.js';
import { grainSpans, readGrains } from '../../analytics/grain-reader.js';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { planSpans } from '../../analytics/tier-plan.js';
import { CUBES } from '../../db/cubes/cube-specs.js';
import { readAudienceClicks } from './audience-click-counts.js';

export interface ClicksQuestion {
  kind?: 'click' | 'rage' | 'dead' | 'error' | undefined;
  path?: string | undefined;
  device?: string | undefined;
  limit: number;
  /**
   * Who clicked: read from the clicks counted by who the session is (audience-click-counts.ts), or
   * from the audience's sessions (session_clicks) for several traits.
   */
  audience?: AudienceFilters | undefined;
  /** Under an audience the counts do not key: past the threshold a fixed sample of its sessions, unless exact. */
  sampling?: AudienceSampling | undefined;
}

/** [path, selector, kind] and [events, clicks] per element and kind, as the cube reader gives them. */
type ClickRows = Iterable<{ group: (string | number)[]; counters: number[] }>;

function frustrationRows(
  db: Database.Database,
  siteId: string,
  q: ClicksQuestion,
  range: QueryRange,
): { rows: ClickRows; sampled?: AudienceSample | undefined } {
  if (q.audience && hasAudience(q.audience)) {
    const kinds = q.kind === undefined ? FRUSTRATION_CLICK_KINDS : [q.kind];
    const read = readAudienceClicks(db, siteId, q.audience, range.fromHour, range.toHour, { ...q, kinds }, q.sampling);
    return {
      rows: read.rows.map((c) => ({ group: [c.path, c.selector, c.kind], counters: [c.events, c.clicks] })),
      sampled: read.sampled,
    };
  }
  const read = {
    cube: CUBES.frustrationClick,
    siteId,
    filters: { kind: q.kind, path: q.path, device: q.device },
    groupBy: ['path', 'selector', 'kind'],
  };
  return { rows: readCube(db, read, planSpans(range.fromHour, range.toHour)).values() };
}

/** The `sampled` field, present only when the clicks were read from a sample. */
const sampledOf = (sampled: AudienceSample | undefined) => (sampled === undefined ? {} : { sampled });

/** Rage, dead and error clicks per page and element selector, most events first. */
export function readClicks(
  db: Database.Database,
  siteId: string,
  q: ClicksQuestion,
  range: QueryRange,
): ClicksResponse {
  if (q.kind === 'click') return readPlainClicks(db, siteId, q, range);
  const { rows, sampled } = frustrationRows(db, siteId, q, range);
  const all = frustrationGroups(rows);
  return { range: rangeEcho(range), totalGroups: all.length, clicks: all.slice(0, q.limit), ...sampledOf(sampled) };
}

/** Rage, dead and error clicks summed per page and element selector, most events first. */
function frustrationGroups(rows: ClickRows): ClicksResponse['clicks'] {
  const groups = new Map<string, ClicksResponse['clicks'][number]>();
  for (const { group, counters } of rows) {
    const [path, selector, kind] = group.map(String) as [string, string, 'rage' | 'dead' | 'error'];
    const key = `${path}\u0001${selector}`;
    let g = groups.get(key);
    if (!g) {
      g = { path, selector, events: 0, clicks: 0, rage: 0, dead: 0, error: 0 };
      groups.set(key, g);
    }
    g.events += counters[0]!;
    g.clicks += counters[1]!;
    g[kind] += counters[0]!;
  }
  const all = [...groups.values()].filter((g) => g.events > 0);
  all.sort(
    (a, b) => b.events - a.events || b.clicks - a.clicks || (a.path + a.selector < b.path + b.selector ? -1 : 1),
  );
  return all;
}

/**
 * The most clicked elements by ordinary clicks (click_rollups by hour, plain_click_* by day and month,
 * plain_click_total_* without a device filter), each with the frustration events met on it in the range beside.
 */
function plainRows(db: Database.Database, siteId: string, q: ClicksQuestion, range: QueryRange) {
  const plain = readGrains(
    db,
    {
      hourly: 'click_rollups',
      daily: 'plain_click_daily',
      monthly: 'plain_click_monthly',
      siteId,
      filters: { path: q.path, device: q.device },
      hourlyWhere: "kind = 'click'",
      groupBy: ['path', 'selector'],
      sums: ['events'],
      coarser: {
        daily: 'plain_click_total_daily',
        monthly: 'plain_click_total_monthly',
        columns: ['path', 'selector'],
      },
    },
    grainSpans(range.fromHour, range.toHour),
  );
  return [...plain.values()].map(({ group, sums }) => ({
    path: String(group[0]),
    selector: String(group[1]),
    events: sums[0]!,
  }));
}

/**
 * Under an audience, the ordinary clicks and the frustration kinds beside them from one read of its
 * clicks (the counts by who the session is, or one walk of the audience's sessions and their clicks).
 */
function audiencePlainAndFrustration(
  db: Database.Database,
  siteId: string,
  q: ClicksQuestion & { audience: AudienceFilters },
  range: QueryRange,
) {
  const kinds = ['click', ...FRUSTRATION_CLICK_KINDS];
  const { rows, sampled } = readAudienceClicks(
    db,
    siteId,
    q.audience,
    range.fromHour,
    range.toHour,
    { ...q, kinds },
    q.sampling,
  );
  const plain = rows.filter((c) => c.kind === 'click');
  const frustration = rows
    .filter((c) => c.kind !== 'click')
    .map((c) => ({ group: [c.path, c.selector, c.kind], counters: [c.events, c.clicks] }));
  return {
    plain: plain.map((c) => ({ path: c.path, selector: c.selector, events: c.events })),
    frustration: () => frustrationGroups(frustration),
    sampled,
  };
}

function readPlainClicks(db: Database.Database, siteId: string, q: ClicksQuestion, range: QueryRange): ClicksResponse {
  const audience = q.audience && hasAudience(q.audience) ? q.audience : undefined;
  const fromAudience = audience ? audiencePlainAndFrustration(db, siteId, { ...q, audience }, range) : undefined;
  const all = (fromAudience?.plain ?? plainRows(db, siteId, q, range)).filter((g) => g.events > 0);
  all.sort((a, b) => b.events - a.events || (a.path + a.selector < b.path + b.selector ? -1 : 1));
  const shown = all.slice(0, q.limit).map((g) => ({ ...g, clicks: g.events, rage: 0, dead: 0, error: 0 }));
  if (shown.length > 0) {
    const byElement = new Map(shown.map((g) => [`${g.path}\u0001${g.selector}`, g]));
    const frustration =
      fromAudience?.frustration() ??
      readClicks(db, siteId, { path: q.path, device: q.device, limit: Number.MAX_SAFE_INTEGER }, range).clicks;
    for (const f of frustration) {
      const g = byElement.get(`${f.path}\u0001${f.selector}`);
      if (g) Object.assign(g, { rage: f.rage, dead: f.dead, error: f.error });
    }
  }
  return { range: rangeEcho(range), totalGroups: all.length, clicks: shown, ...sampledOf(fromAudience?.sampled) };
}
