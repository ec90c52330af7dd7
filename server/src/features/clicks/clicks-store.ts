import type { ClicksResponse } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { readCube } from '../../analytics/cube-reader.js';
import { rangeEcho, type QueryRange } from '../../analytics/query-range.js';
import { planSpans } from '../../analytics/tier-plan.js';
import { CUBES } from '../../db/cubes/cube-specs.js';

export interface ClicksQuestion {
  kind?: 'rage' | 'dead' | 'error' | undefined;
  path?: string | undefined;
  device?: string | undefined;
  limit: number;
}

/** Rage, dead and error clicks per page and element selector, most events first. */
export function readClicks(
  db: Database.Database,
  siteId: string,
  q: ClicksQuestion,
  range: QueryRange,
): ClicksResponse {
  const read = {
    cube: CUBES.frustrationClick,
    siteId,
    filters: { kind: q.kind, path: q.path, device: q.device },
    groupBy: ['path', 'selector', 'kind'],
  };
  const groups = new Map<string, ClicksResponse['clicks'][number]>();
  for (const { group, counters } of readCube(db, read, planSpans(range.fromHour, range.toHour)).values()) {
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
