import type { LoupeEventInput } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { perDialect } from '../src/db/sql-dialect.js';
import { createIngestStore } from '../src/features/ingest/writer/ingest-store.js';
import { prepareEvents } from '../src/features/ingest/http/prepare-events.js';
import { rows, shopSite } from './helpers/collect.js';
import { base, jsError, pageview } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The writer sums a batch's derivations in memory and writes each key once per commit. Whatever
// the grouping, the database must end up the same as when every event is committed on its own.

const HOUR = 3_600_000;
const t0 = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
const frames = [{ fn: 'render', file: 'https://shop.example/assets/app.js', line: 3, col: 7 }];

/** Out of time order, same fingerprint with different texts, repeats per session, two goals. */
function events(): LoupeEventInput[] {
  const track = (name: string, ts: number, sessionId: string): LoupeEventInput => ({
    ...base({ ts, sessionId }),
    type: 'track',
    name,
  });
  return [
    pageview({ ts: t0, sessionId: 's1' }),
    jsError('Item 1 not found', frames, { ts: t0 + 5000, sessionId: 's1' }),
    jsError('Item 2 not found', frames, { ts: t0 + 1000, sessionId: 's1' }),
    jsError('Item 3 not found', frames, { ts: t0 + 5000, sessionId: 's2', path: '/checkout' }),
    jsError('Item 4 not found', frames, { ts: t0 + 2 * HOUR, sessionId: 's2' }),
    jsError('Item 5 not found', frames, { ts: t0 + 2 * HOUR, sessionId: 's2' }),
    track('signup', t0 + 10, 's1'),
    track('signup', t0 + 20, 's1'),
    track('signup', t0 + 30, 's2'),
    track('buy', t0 + 40, 's2'),
    // A session first seen without a visitor id, then an earlier event with one, then another id:
    // the earliest start and the first visitor id win, whichever commit brings them.
    pageview({ ts: t0 + 3000, sessionId: 's3' }),
    pageview({ ts: t0 + 2000, sessionId: 's3', visitorId: 'v-first' }),
    pageview({ ts: t0 + 1500, sessionId: 's3', visitorId: 'v-second' }),
  ];
}

const TABLES = [
  'error_groups',
  'session_errors',
  'session_goals',
  'error_session_rollups',
  'goal_rollups',
  'page_rollups',
  'page_segment_rollups',
];
/**
 * A session's entry page is the path of the first event the writer sees, so it depends on the
 * grouping when events arrive out of order (session_rollups has the same rule): the session
 * rollups per segment are compared across entry pages.
 */
const ACROSS_ENTRY_PAGES = {
  sessions:
    'SELECT site_id, session_id, visitor_id, first_ts, last_ts, events, pageviews, js_errors, tracks FROM sessions ORDER BY 2',
  session_segment_rollups:
    'SELECT site_id, hour, device, browser, language, sum(sessions), sum(engaged_sessions), sum(multi_page_sessions), ' +
    'sum(converted_sessions), sum(pageviews), sum(engaged_ms) FROM session_segment_rollups GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5',
  goal_segment_rollups:
    'SELECT site_id, hour, name, device, browser, language, sum(conversions) FROM goal_segment_rollups GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6',
  // Key ids are numbered in the order keys are first seen, which the grouping changes: compared by name.
  session_reaches:
    'SELECT r.site_id, r.session_id, k.kind, k.name, r.first_ts FROM session_reaches AS r JOIN funnel_keys AS k ON k.id = r.key_id ORDER BY 1, 2, 3, 4',
  // Each session's steps as one text of `kind:name` words, the reaches' times between them.
  session_steps: (db: Database.Database) =>
    `SELECT s.site_id, s.session_id, s.first_ts, s.device, ${perDialect(db, {
      sqlite: "group_concat(coalesce(k.kind || ':' || k.name, j.value), ' ')",
      postgres: "string_agg(coalesce(k.kind || ':' || k.name, j.value), ' ' ORDER BY CAST(j.key AS integer))",
    })} AS steps ` +
    'FROM session_steps AS s CROSS JOIN json_each(s.steps) AS j ' +
    'LEFT JOIN funnel_keys AS k ON CAST(j.key AS integer) % 2 = 0 AND k.id = CAST(j.value AS bigint) ' +
    'GROUP BY 1, 2, 3, 4 ORDER BY 1, 2',
};

async function stateAfter(grouping: 'one batch' | 'one event per commit'): Promise<Record<string, unknown[]>> {
  const t: TestApp = await createTestApp();
  apps.push(t);
  const siteId = shopSite(t.app).siteId;
  const { rows: prepared } = prepareEvents(events(), undefined, {
    siteId,
    receivedAt: Date.now(),
    client: { device: 'desktop', browser: 'chrome' },
  });
  const store = createIngestStore(t.app.db);
  if (grouping === 'one batch') store.commit([prepared]);
  else for (const r of prepared) store.commit([[r]]);
  const queries = [
    ...TABLES.map((table) => [table, `SELECT * FROM ${table} ORDER BY 1, 2, 3`]),
    ...Object.entries(ACROSS_ENTRY_PAGES).map(([name, sql]) => [
      name,
      typeof sql === 'string' ? sql : sql(t.app.db.$client),
    ]),
  ];
  return Object.fromEntries(
    queries.map(([name, sql]) => [name, rows(t.app, sql!).map((r) => ({ ...r, site_id: 'x' }))]),
  );
}

const apps: TestApp[] = [];
afterEach(async () => {
  for (const t of apps.splice(0)) await t.close();
});

describe('batch derivations equal per-event derivations', () => {
  it('error groups, session errors and goals, sessions, and their rollups', async () => {
    const batched = await stateAfter('one batch');
    const single = await stateAfter('one event per commit');
    expect(batched).toEqual(single);
    // The newest occurrence names the group; a tie on time goes to the later event.
    const [group] = batched.error_groups as { message: string; first_ts: number; last_ts: number }[];
    expect(group).toMatchObject({ message: 'Item 5 not found', first_ts: t0 + 1000, last_ts: t0 + 2 * HOUR });
    expect(batched.session_errors).toHaveLength(2);
    expect(batched.session_goals).toHaveLength(3);
    expect(batched.sessions).toContainEqual(
      expect.objectContaining({ session_id: 's3', visitor_id: 'v-first', first_ts: t0 + 1500, last_ts: t0 + 3000 }),
    );
    // Two fresh apps, each migrating a database: about 4 s alone, more on a loaded machine.
  }, 30_000);
});
