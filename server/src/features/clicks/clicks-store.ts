import { type AudienceFilters, type ClicksResponse, FRUSTRATION_CLICK_KINDS } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { audienceClicks, hasAudience } from '../../analytics/audience-sessions.js';
import { readCube } from '../../analytics/cube-reader.js';
import { grainSpans, readGrains } from '../../analytics/grain-reader.js';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { planSpans } from '../../analytics/tier-plan.js';
import { CUBES } from '../../db/cubes/cube-specs.js';

export interface ClicksQuestion {
  kind?: 'click' | 'rage' | 'dead' | 'error' | undefined;
  path?: string | undefined;
  device?: string | undefined;
  limit: number;
  /** Who clicked: read from the audience's sessions (session_clicks) when it narrows anything. */
  audience?: AudienceFilters | undefined;
}

/** [path, selector, kind] and [events, clicks] per element and kind, as the cube reader gives them. */
type ClickRows = Iterable<{ group: (string | number)[]; counters: number[] }>;

function frustrationRows(db: Database.Database, siteId: string, q: ClicksQuestion, range: QueryRange): ClickRows {
  if (q.audience && hasAudience(q.audience)) {
    const kinds = q.kind === undefined ? FRUSTRATION_CLICK_KINDS : [q.kind];
    return audienceClicks(db, siteId, q.audience, range.fromHour, range.toHour, { ...q, kinds }).map((c) => ({
      group: [c.path, c.selector, c.kind],
      counters: [c.events, c.clicks],
    }));
  }
  const read = {
    cube: CUBES.frustrationClick,
    siteId,
    filters: { kind: q.kind, path: q.path, device: q.device },
    groupBy: ['path', 'selector', 'kind'],
  };
  return readCube(db, read, planSpans(range.fromHour, range.toHour)).values();
}

/** Rage, dead and error clicks per page and element selector, most events first. */
export function readClicks(
  db: Database.Database,
  siteId: string,
  q: ClicksQuestion,
  range: QueryRange,
): ClicksResponse {
  if (q.kind === 'click') return readPlainClicks(db, siteId, q, range);
  const groups = new Map<string, ClicksResponse['clicks'][number]>();
  for (const { group, counters } of frustrationRows(db, siteId, q, range)) {
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
  return { range: rangeEcho(range), totalGroups: all.length, clicks: all.slice(0, q.limit) };
}

/**
 * The most clicked elements by ordinary clicks (click_rollups by hour, plain_click_* by day and month,
 * plain_click_total_* without a device filter), each with the frustration events met on it in the range beside.
 */
function plainRows(db: Database.Database, siteId: string, q: ClicksQuestion, range: QueryRange) {
  if (q.audience && hasAudience(q.audience)) {
    const kinds = ['click'];
    return audienceClicks(db, siteId, q.audience, range.fromHour, range.toHour, { ...q, kinds }).map((c) => ({
      path: c.path,
      selector: c.selector,
      events: c.events,
    }));
  }
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

function readPlainClicks(db: Database.Database, siteId: string, q: ClicksQuestion, range: QueryRange): ClicksResponse {
  const all = plainRows(db, siteId, q, range).filter((g) => g.events > 0);
  all.sort((a, b) => b.events - a.events || (a.path + a.selector < b.path + b.selector ? -1 : 1));
  const shown = all.slice(0, q.limit).map((g) => ({ ...g, clicks: g.events, rage: 0, dead: 0, error: 0 }));
  if (shown.length > 0) {
    const byElement = new Map(shown.map((g) => [`${g.path}\u0001${g.selector}`, g]));
    const frustration = readClicks(
      db,
      siteId,
      { path: q.path, device: q.device, audience: q.audience, limit: Number.MAX_SAFE_INTEGER },
      range,
    );
    for (const f of frustration.clicks) {
      const g = byElement.get(`${f.path}\u0001${f.selector}`);
      if (g) Object.assign(g, { rage: f.rage, dead: f.dead, error: f.error });
    }
  }
  return { range: rangeEcho(range), totalGroups: all.length, clicks: shown };
}
