import type { AudienceFilters, AudienceSample } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { type AudienceSampling, audienceWalk, sampledField, scaleOf } from '../../analytics/audience-sample.js';
import {
  type AudienceClick,
  type AudienceClickFilters,
  audienceClicks,
  audienceCountFilters,
} from '../../analytics/audience-sessions.js';
import { readGrains } from '../../analytics/grain-reader.js';
import { countWalkedSessions } from '../../analytics/lead-trait-rows.js';
import { DAY_MS } from '../../analytics/local-calendar.js';
import { planSpans } from '../../analytics/tier-plan.js';

// The clicks of an audience of at most one trait (with or without new vs returning) are counted
// at ingest by who the session is (db/schema/audience-clicks.ts): a few index ranges per kind
// instead of the range's sessions and every click of theirs (hundreds of ms of CPU at 10 M
// events). The same sums as the sessions' read: each session counts under its traits and
// returning flag as they are now. Several traits read the sessions: past the threshold a fixed
// sample of them (audience-sample.ts), the clicks scaled.

/** Whether the audience's clicks are counted at ingest: at most one trait. */
export const audienceCountsClicks = (a: AudienceFilters): boolean => a.traits.length <= 1;

const TIERS = {
  hourly: 'audience_clicks',
  daily: 'audience_clicks_daily',
  monthly: 'audience_clicks_monthly',
} as const;

/** An audience's clicks, and the sample they were read from when they were (`sampled`). */
export interface AudienceClicks {
  rows: AudienceClick[];
  sampled?: AudienceSample | undefined;
}

/** The audience's clicks in [fromHour, toHour) per page, element and kind: from the counts when they hold it. */
export function readAudienceClicks(
  db: Database.Database,
  siteId: string,
  a: AudienceFilters,
  fromHour: number,
  toHour: number,
  f: AudienceClickFilters,
  sampling?: AudienceSampling,
): AudienceClicks {
  if (!audienceCountsClicks(a)) {
    // The sessions' clicks, of a sample past the threshold (scaled by it, `sampled` counting the
    // sample's sessions that started in the range, as on the other routes). A click's session
    // started up to a day before it: the sample is chosen over that range.
    const walk = audienceWalk(db, siteId, a, fromHour - DAY_MS, toHour, sampling);
    const rows = audienceClicks(db, siteId, a, fromHour, toHour, f, walk);
    if (walk.level === 0) return { rows };
    const scale = scaleOf(walk);
    const sessions = countWalkedSessions(db, siteId, a, walk, fromHour, toHour);
    return {
      rows: rows.map((c) => ({ ...c, events: c.events * scale, clicks: c.clicks * scale })),
      ...sampledField(walk, sessions),
    };
  }
  const spans = planSpans(fromHour, toHour);
  const out: AudienceClick[] = [];
  // One read per kind: the kind comes before the hour in the key, so each is one index range per span.
  for (const kind of f.kinds) {
    const filters = { ...audienceCountFilters(a), kind, device: f.device, path: f.path };
    const rows = readGrains(
      db,
      { ...TIERS, siteId, filters, groupBy: ['path', 'selector'], sums: ['events', 'clicks'] },
      spans,
    );
    for (const { group, sums } of rows.values()) {
      // A group a session moved out of keeps a row of zeros: no clicks, as the sessions' read has none.
      if (sums[0] === 0) continue;
      out.push({ path: String(group[0]), selector: String(group[1]), kind, events: sums[0]!, clicks: sums[1]! });
    }
  }
  return { rows: out };
}
