import { copyFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type App, buildApp, loadConfig } from '@loupe/server';
// biome-ignore lint/style/noRestrictedImports: the copies' sample levels are checked against the function ingest draws them with.
import { sessionSampleLevel } from '@loupe/server/internal';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { densifyDatabase } from '../src/densify/densify.js';
import { TABLES } from '../src/densify/densify-tables.js';
import { runScript } from './helpers/cli-run.js';

// A small seeded database densified ×3, read back through the real routes: every count the
// routes answer is 3×, every rate, mean and percentile is unchanged.

const FACTOR = 3;
let dir: string;
let small: string;
let dense: string;
let secret: string;
let before: App;
let after: App;

const since = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const FUNNEL = encodeURIComponent('/product/*,/cart,/checkout,track:purchase');
/** Routes over the seeded range (25 days back) and all time, the dashboard's main questions. */
const ROUTES = [
  '/v1/metrics/overview',
  '/v1/metrics/overview?device=mobile&browser=safari',
  '/v1/metrics/overview?returning=true',
  '/v1/metrics/overview?trait.plan=pro',
  '/v1/metrics/timeseries?interval=day',
  '/v1/metrics/scores?kind=nps&interval=week',
  '/v1/metrics/scores?kind=csat&interval=day&groupBy=path',
  '/v1/metrics/breakdown?by=browser',
  '/v1/metrics/pages',
  '/v1/metrics/tasks',
  '/v1/metrics/tasks?groupBy=browser',
  '/v1/metrics/engagement',
  '/v1/metrics/error-rate?by=release',
  '/v1/metrics/conversion?by=page',
  '/v1/metrics/conversion?by=band&goal=purchase',
  '/v1/metrics/pages?device=mobile',
  `/v1/funnels?steps=${FUNNEL}`,
  `/v1/funnels?steps=${FUNNEL}&exact=true`,
  '/v1/errors',
  '/v1/clicks',
  '/v1/insights/friction',
  '/v1/insights/journeys?kind=nps&segment=detractor&depth=3',
  '/v1/insights/touchpoints?kind=nps',
  '/v1/metrics/retention?interval=week',
  '/v1/metrics/retention?interval=week&by=customer',
  '/v1/metrics/retention?interval=month&returning=true',
];

async function get(app: App, url: string): Promise<unknown> {
  const res = await app.inject({ url, headers: { authorization: `Bearer ${secret}` } });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json();
}

/** What more answers legitimately change: shown only past a minimum sample, or narrower with more. */
const SAMPLE_GATED = ['.marginOfError', '.topFriction'];

/**
 * Every number of `a` (the original's answer) against `b` (the dense one's) at the same place:
 * equal, or FACTOR times; a margin of error narrower (the confidence interval with it, checked
 * through its margin), and what needs a minimum sample may appear. Answers where none holds.
 */
function mismatches(a: unknown, b: unknown, at: string, out: string[]): string[] {
  if (at.endsWith('.confidenceInterval')) return out;
  if (a === null && SAMPLE_GATED.some((k) => at.endsWith(k))) return out;
  if (at.endsWith('.marginOfError') && typeof a === 'number' && typeof b === 'number') {
    if (!(b < a)) out.push(`${at}: ${a} → ${b}`);
  } else if (typeof a === 'number' && typeof b === 'number') {
    if (b !== a && b !== a * FACTOR && Math.abs(b - a) > 1e-9 * Math.abs(a)) out.push(`${at}: ${a} → ${b}`);
  } else if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${at}: ${a.length} items → ${b.length}`);
    else for (const [i, x] of a.entries()) mismatches(x, b[i], `${at}[${i}]`, out);
  } else if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const k of Object.keys(a)) mismatches((a as never)[k], (b as never)[k], `${at}.${k}`, out);
  } else if (a !== b) out.push(`${at}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
  return out;
}

describe('densify-database', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-densify-test-'));
    small = path.join(dir, 'small.db');
    dense = path.join(dir, 'dense.db');
    const run = await runScript('seed.ts', ['--db', small, '--responses', '300', '--events', '5000', '--days', '20'], {
      env: { LOUPE_DB: '' },
      timeoutMs: 120_000,
    });
    expect(run.code, run.stderr).toBe(0);
    // The copy keeps the site's secret hash, so one key reads both.
    secret = (JSON.parse(run.stdout.trim()) as { secretKey: string }).secretKey;
    densifyDatabase({ from: small, to: dense, factor: FACTOR });
    before = await buildApp({ config: loadConfig({ LOUPE_DB: small }), logger: false });
    after = await buildApp({ config: loadConfig({ LOUPE_DB: dense }), logger: false });
  }, 180_000);
  afterAll(async () => {
    await before?.close();
    await after?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('triples every count the read routes answer and keeps every rate, mean and percentile', async () => {
    const wrong: string[] = [];
    for (const route of ROUTES) {
      for (const from of [since(25), since(7)]) {
        const url = `${route}${route.includes('?') ? '&' : '?'}from=${from}`;
        const [a, b] = await Promise.all([get(before, url), get(after, url)]);
        mismatches(a, b, url, wrong);
      }
    }
    expect(wrong).toEqual([]);
    // The counts themselves, so a route answering the same as before would not pass as "equal".
    const from = `from=${since(25)}`;
    // biome-ignore lint/suspicious/noExplicitAny: the routes' answers, read field by field below.
    const pairs = async (url: string) => Promise.all([get(before, url), get(after, url)]) as Promise<any[]>;
    const [o1, o2] = await pairs(`/v1/metrics/overview?${from}`);
    for (const k of ['sessions', 'visitors', 'pageviews']) expect([k, o2[k].value]).toEqual([k, o1[k].value * FACTOR]);
    expect(o1.sessions.value).toBeGreaterThan(100);
    const [s1, s2] = await pairs(`/v1/metrics/scores?kind=nps&interval=week&${from}`);
    expect(s2.total.responses).toBe(s1.total.responses * FACTOR);
    expect(s2.total.score).toBe(s1.total.score);
    const [t1, t2] = await pairs(`/v1/metrics/tasks?${from}`);
    expect(t1.tasks[0].started).toBeGreaterThan(0);
    expect(t2.tasks[0].started).toBe(t1.tasks[0].started * FACTOR);
    const [f1, f2] = await pairs(`/v1/funnels?steps=${FUNNEL}&exact=true&${from}`);
    expect(f1.steps[1].entered).toBeGreaterThan(0);
    expect(f2.steps[1].entered).toBe(f1.steps[1].entered * FACTOR);
    // The returning visitors' cohort table: ×3 visitors make ×3 counts.
    const [c1, c2] = await pairs(`/v1/metrics/retention?interval=month&returning=true&${from}`);
    const cohortVisitors = (r: { cohorts: { visitors: number }[] }) => r.cohorts.reduce((n, c) => n + c.visitors, 0);
    expect(cohortVisitors(c1)).toBeGreaterThan(0);
    expect(cohortVisitors(c2)).toBe(cohortVisitors(c1) * FACTOR);
    const [p1, p2] = await pairs(`/v1/metrics/pages?${from}`);
    expect(p2.pages[0].views).toBe(p1.pages[0].views * FACTOR);
    expect(p2.pages[0].vitals.LCP).toEqual({
      ...p1.pages[0].vitals.LCP,
      samples: p1.pages[0].vitals.LCP.samples * FACTOR,
    });
    // The newest answer comes first with its two copies, whose ids are their own.
    const [r1, r2] = await pairs(`/v1/responses?${from}`);
    const { score, comment, createdAt, path: page, sessionId } = r1.responses[0];
    const copies = r2.responses.slice(0, FACTOR);
    for (const r of copies) expect(r).toMatchObject({ score, comment, createdAt, path: page });
    expect(copies.map((r: { sessionId: string }) => r.sessionId).sort()).toEqual(
      [sessionId, `${sessionId}-d1`, `${sessionId}-d2`].sort(),
    );
  }, 120_000);

  it('writes a sound database, every copied table 3× its rows', () => {
    const a = new Database(small, { readonly: true });
    const b = new Database(dense, { readonly: true });
    try {
      expect(b.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(b.pragma('foreign_key_check')).toEqual([]);
      for (const [table, rule] of Object.entries(TABLES)) {
        if (!('remap' in rule)) continue;
        const count = (db: Database.Database) => db.prepare(`SELECT count(*) FROM "${table}"`).pluck().get() as number;
        expect([table, count(b)]).toEqual([table, count(a) * FACTOR]);
      }
      // Every event's session exists, and the copies' identities hold together across tables.
      expect(
        b
          .prepare(
            'SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM sessions s WHERE s.site_id = e.site_id AND s.session_id = e.session_id)',
          )
          .pluck()
          .get(),
      ).toBe(
        (a
          .prepare(
            'SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM sessions s WHERE s.site_id = e.site_id AND s.session_id = e.session_id)',
          )
          .pluck()
          .get() as number) * FACTOR,
      );
      // Each copy falls in the funnels' sample by its own id, as ingest would have put it.
      const reaches = b.prepare('SELECT session_id, sample_level FROM session_reaches').all() as {
        session_id: string;
        sample_level: number;
      }[];
      expect(reaches.length).toBeGreaterThan(0);
      expect(reaches.filter((r) => r.sample_level !== sessionSampleLevel(r.session_id))).toEqual([]);
      // So does each copy's traits, which keep their session's start hour.
      const traits = b
        .prepare(
          'SELECT t.session_id, t.sample_level, t.hour, s.hour AS session_hour, t.person_level, s.visitor_id, ' +
            't.visitor_id AS trait_visitor_id ' +
            'FROM session_traits t JOIN sessions s ON s.site_id = t.site_id AND s.session_id = t.session_id',
        )
        .all() as {
        session_id: string;
        sample_level: number;
        hour: number;
        session_hour: number;
        person_level: number;
        visitor_id: string | null;
        trait_visitor_id: string | null;
      }[];
      expect(traits.length).toBeGreaterThan(0);
      expect(traits.length).toBe(b.prepare('SELECT count(*) FROM session_traits').pluck().get());
      expect(
        traits.filter((r) => r.sample_level !== sessionSampleLevel(r.session_id) || r.hour !== r.session_hour),
      ).toEqual([]);
      // And in the sample of people by the copy's visitor id, which they keep.
      expect(
        traits.filter((r) => r.person_level !== (r.visitor_id === null ? 0 : sessionSampleLevel(r.visitor_id))),
      ).toEqual([]);
      expect(traits.filter((r) => r.trait_visitor_id !== r.visitor_id)).toEqual([]);
      expect(traits.some((r) => r.visitor_id !== null)).toBe(true);
      expect(new Set(traits.map((r) => r.person_level)).size).toBeGreaterThan(2);
      // And each copied answer's traits in the answers' sample by the copy's answer id.
      const answerTraits = b.prepare('SELECT display_id, sample_level FROM response_traits').all() as {
        display_id: string;
        sample_level: number;
      }[];
      expect(answerTraits.length).toBeGreaterThan(0);
      expect(answerTraits.filter((r) => r.sample_level !== sessionSampleLevel(r.display_id))).toEqual([]);
      // And each copied answer itself (an audience without a trait reads answers by level).
      const answerRows = b.prepare('SELECT display_id, sample_level FROM responses').all() as {
        display_id: string;
        sample_level: number;
      }[];
      expect(new Set(answerRows.map((r) => r.sample_level)).size).toBeGreaterThan(2);
      expect(answerRows.filter((r) => r.sample_level !== sessionSampleLevel(r.display_id))).toEqual([]);
      // And each copied session (an audience without a trait walks sessions by level).
      const sessions = b.prepare('SELECT session_id, sample_level FROM sessions').all() as {
        session_id: string;
        sample_level: number;
      }[];
      expect(new Set(sessions.map((r) => r.sample_level)).size).toBeGreaterThan(2);
      expect(sessions.filter((r) => r.sample_level !== sessionSampleLevel(r.session_id))).toEqual([]);
      expect(b.prepare('SELECT count(DISTINCT customer_id) FROM responses').pluck().get()).toBe(
        (a.prepare('SELECT count(DISTINCT customer_id) FROM responses').pluck().get() as number) * FACTOR,
      );
    } finally {
      a.close();
      b.close();
    }
  });

  it('refuses a database with a table it does not know, and writes nothing', () => {
    const odd = path.join(dir, 'odd.db');
    copyFileSync(small, odd);
    const db = new Database(odd);
    db.exec('CREATE TABLE visitor_scores (site_id TEXT, visitor_id TEXT, score INTEGER)');
    db.close();
    const to = path.join(dir, 'odd-dense.db');
    expect(() => densifyDatabase({ from: odd, to, factor: 2 })).toThrow(/unknown table visitor_scores/);
    expect(existsSync(to)).toBe(false);
  });

  // A backfill's rows say which sessions its counts hold so far: copied ×N, ids remapped, the job
  // would resume from a cursor that means nothing in the copy and count some sessions twice.
  const backfills = [
    ...Object.entries(TABLES)
      .filter(([, rule]) => rule.kind === 'backfill-state')
      .map(([table]) => ({
        what: table,
        sql: `INSERT INTO ${table} (site_id, cursor) SELECT id, '' FROM sites LIMIT 1`,
        refusal: new RegExp(`${table} has a backfill in progress`),
      })),
    {
      what: 'a saved funnel',
      sql:
        'INSERT INTO saved_funnels (id, site_id, name, steps, generation, backfill_cursor, created_at, updated_at) ' +
        `SELECT 'fn_densify', id, 'f', '["/"]', 1, '', 0, 0 FROM sites LIMIT 1`,
      refusal: /a saved funnel is being backfilled/,
    },
  ];

  it.each(backfills)(
    'refuses a database while $what is being backfilled, and writes nothing',
    ({ what, sql, refusal }) => {
      const busy = path.join(dir, `busy-${what.replace(/\W+/g, '-')}.db`);
      copyFileSync(small, busy);
      const db = new Database(busy);
      expect(db.prepare(sql).run().changes).toBe(1);
      db.close();
      const to = path.join(dir, `busy-${what.replace(/\W+/g, '-')}-dense.db`);
      expect(() => densifyDatabase({ from: busy, to, factor: 2 })).toThrow(refusal);
      expect(existsSync(to)).toBe(false);
    },
  );
});
