import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  buildApp,
  createSite,
  loadConfig,
  migrateDatabase,
  openDatabase,
  rotateSecret,
  seedDemoSite,
} from '@loupe/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSeed } from '../src/seed/run-seed.js';
import { runScript } from './helpers/cli-run.js';

// A small seed as `npm run seed --` runs it; the full-size seed belongs to bench:query, not here.

let dir: string;
let dbPath: string;

const seed = (...args: string[]) =>
  runScript('seed.ts', ['--db', dbPath, ...args], { env: { LOUPE_DB: '' }, timeoutMs: 120_000 });

describe('npm run seed', () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-seed-test-'));
    dbPath = path.join(dir, 'seed.db');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('creates a site and fills it to the requested size, with progress on stderr', async () => {
    const run = await seed('--responses', '300', '--events', '5000', '--days', '20');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/seed: [\d,]+\/5,000 events .* done/);
    const out = JSON.parse(run.stdout.trim()) as {
      siteId: string;
      secretKey: string;
      events: number;
      responses: number;
    };
    expect(out.secretKey).toMatch(/^sk_/);
    expect(out.events).toBeGreaterThanOrEqual(5000);
    expect(out.events).toBeLessThan(5200);
    expect(Math.abs(out.responses - 300)).toBeLessThanOrEqual(30);

    const db = openDatabase(dbPath);
    const count = (sql: string) => db.$client.prepare(sql).pluck().get(out.siteId) as number;
    expect(count('SELECT count(*) FROM events WHERE site_id = ?')).toBe(out.events);
    expect(count('SELECT count(*) FROM responses WHERE site_id = ?')).toBe(out.responses);
    expect(count("SELECT count(*) FROM responses WHERE site_id = ? AND status = 'resolved'")).toBeGreaterThan(0);
    const span = db.$client
      .prepare('SELECT max(ts) - min(ts) FROM events WHERE site_id = ?')
      .pluck()
      .get(out.siteId) as number;
    expect(span).toBeGreaterThan(15 * 86_400_000);
    db.$client.close();

    // The read API answers from what the seed wrote (rollups included).
    const app = await buildApp({ config: loadConfig({ LOUPE_DB: dbPath }), logger: false });
    try {
      const headers = { authorization: `Bearer ${out.secretKey}` };
      const from = new Date(Date.now() - 25 * 86_400_000).toISOString().slice(0, 10);
      const get = async (url: string) =>
        (await app.inject({ url: `${url}${url.includes('?') ? '&' : '?'}from=${from}`, headers })).json();
      const [nps, csat, ces] = await Promise.all(
        ['nps', 'csat', 'ces'].map((k) => get(`/v1/metrics/scores?kind=${k}&interval=week`)),
      );
      expect(nps.total.responses + csat.total.responses + ces.total.responses).toBe(out.responses);
      const overview = await get('/v1/metrics/overview');
      expect(overview.sessions.value).toBeGreaterThan(100);
      expect(overview.visitors.value).toBeGreaterThan(0);
      // The complaints support resolved count in the overview (resolved as the API resolves them).
      expect(overview.resolved.value).toBeGreaterThan(0);
      expect(overview.medianTimeToResolveMs.value).toBeGreaterThan(3_600_000 * 0.95);
      expect((await get('/v1/metrics/pages')).pages.length).toBeGreaterThan(5);
      // The shop's tasks, with every kind of outcome and the time on task.
      const checkout = (await get('/v1/metrics/tasks?task=checkout')).tasks[0];
      expect(checkout.succeeded).toBeGreaterThan(0);
      expect(checkout.failed).toBeGreaterThan(0);
      expect(checkout.abandoned).toBeGreaterThan(0);
      expect(checkout.medianMs).toBeGreaterThan(0);
      // Journeys, touchpoints by the seeded page groups and retention cohorts are filled in too.
      const journeys = await get('/v1/insights/journeys?kind=nps&segment=detractor&depth=2');
      expect(journeys.journeys.length).toBeGreaterThan(0);
      const touchpoints = await get('/v1/insights/touchpoints?kind=nps');
      expect(touchpoints.groups.map((g: { name: string }) => g.name)).toContain('Product pages');
      expect(touchpoints.groups.find((g: { name: string }) => g.name === 'Product pages').responses).toBeGreaterThan(0);
      const retention = (await app.inject({ url: '/v1/metrics/retention?interval=week', headers })).json();
      const returning = retention.cohorts.flatMap((c: { periods: { offset: number; visitors: number }[] }) =>
        c.periods.filter((p) => p.offset > 0 && p.visitors > 0),
      );
      expect(returning.length).toBeGreaterThan(0);
      // Identified customers with traits: the segment filters have data, and the plans differ.
      const byPlan = await get('/v1/metrics/scores?kind=nps&groupBy=trait.plan');
      expect(byPlan.groups.map((g: { key: string }) => g.key).sort()).toEqual(['free', 'pro', 'team']);
      const [pro, free] = await Promise.all(
        ['pro', 'free'].map((plan) => get(`/v1/metrics/scores?kind=nps&trait.plan=${plan}`)),
      );
      expect(pro.total.responses).toBeGreaterThan(0);
      expect(free.total.responses).toBeGreaterThan(0);
      expect(pro.total.score, 'pro customers are happier than free ones').toBeGreaterThan(free.total.score);
      const [back, fresh] = await Promise.all(
        ['true', 'false'].map((r) => get(`/v1/metrics/scores?kind=nps&returning=${r}`)),
      );
      expect(back.total.responses).toBeGreaterThan(0);
      expect(back.total.responses + fresh.total.responses).toBe(nps.total.responses);
      // Tasks by plan: which plans start a checkout depends on the day the seed runs (its data is
      // laid out back from now), so the plans are read together, not one chosen plan.
      const checkoutsByPlan = await Promise.all(
        ['free', 'pro', 'team'].map(
          async (plan) => (await get(`/v1/metrics/tasks?task=checkout&trait.plan=${plan}`)).tasks[0]?.started ?? 0,
        ),
      );
      expect(Math.max(...checkoutsByPlan)).toBeGreaterThan(0);
      expect(checkoutsByPlan.reduce((a: number, b: number) => a + b, 0)).toBeLessThan(checkout.started);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('seeds into a site of its own next to the Demo site, and its prompts never show', async () => {
    const own = path.join(dir, 'with-demo.db');
    const db = openDatabase(own);
    migrateDatabase(db);
    const demo = seedDemoSite(db, { dbPath: own, origins: ['http://127.0.0.1:8787'] })!;
    const demoPrompts = db.$client.prepare('SELECT id, status FROM prompts WHERE site_id = ?').all(demo.site.siteId);
    db.$client.close();

    const run = await runScript('seed.ts', ['--db', own, '--responses', '20', '--events', '400'], {
      env: { LOUPE_DB: '' },
      timeoutMs: 120_000,
    });
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim()) as { siteId: string; publicKey: string; secretKey: string; name: string };
    expect(out.siteId).not.toBe(demo.site.siteId);
    expect(out).toMatchObject({
      name: 'Seed shop',
      publicKey: expect.stringMatching(/^pk_/),
      secretKey: expect.stringMatching(/^sk_/),
    });

    const after = openDatabase(own);
    const count = (sql: string, ...params: unknown[]) =>
      after.$client
        .prepare(sql)
        .pluck()
        .get(...params) as number;
    // The Demo site is as it was: its own prompts, no seeded data.
    expect(after.$client.prepare('SELECT id, status FROM prompts WHERE site_id = ?').all(demo.site.siteId)).toEqual(
      demoPrompts,
    );
    expect(count('SELECT count(*) FROM events WHERE site_id = ?', demo.site.siteId)).toBe(0);
    // The seeded site's prompts exist (its answers refer to them) and are paused: no widget shows them.
    expect(count('SELECT count(*) FROM prompts WHERE site_id = ?', out.siteId)).toBe(3);
    expect(count("SELECT count(*) FROM prompts WHERE site_id = ? AND status = 'active'", out.siteId)).toBe(0);
    after.$client.close();
  }, 120_000);

  it('fills an existing site given with --site, and refuses an unknown one', async () => {
    const db = openDatabase(dbPath);
    const siteId = db.$client.prepare('SELECT id FROM sites LIMIT 1').pluck().get() as string;
    expect(rotateSecret(db, siteId)).toBeDefined();
    db.$client.close();
    const more = await seed('--site', siteId, '--responses', '10', '--events', '200');
    expect(more.code, more.stderr).toBe(0);
    expect(JSON.parse(more.stdout).siteId).toBe(siteId);
    expect(JSON.parse(more.stdout).secretKey).toBeUndefined();
    // Told to seed an existing site, it still adds no prompt that would show on its pages.
    const check = openDatabase(dbPath);
    expect(
      check.$client.prepare("SELECT count(*) FROM prompts WHERE site_id = ? AND status = 'active'").pluck().get(siteId),
    ).toBe(0);
    check.$client.close();
    const unknown = await seed('--site', 'site_nope', '--events', '100', '--responses', '1');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No site site_nope');
  }, 120_000);

  it('rejects impossible sizes and bad flags with usage (exit 2)', async () => {
    for (const args of [['--responses', '600', '--events', '1000'], ['--events', 'lots'], ['--frobnicate']]) {
      const run = await seed(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain('Usage: npm run seed');
    }
  }, 60_000);

  it('stamps whole milliseconds, as a widget does, at any size and span', () => {
    // 1,001 events over 7 days spread the sessions' starts by a fraction of a millisecond: stored
    // as REALs, PostgreSQL's bigint columns refuse them (migrate-data stops at the first one).
    const db = openDatabase(path.join(dir, 'whole-ms.db'));
    migrateDatabase(db);
    const site = createSite(db, { name: 'Whole ms', origins: [] });
    runSeed(db, { siteId: site.siteId, responses: 30, events: 1_001, days: 7, seed: 3 });
    const fractional = (table: string, column: string) =>
      db.$client.prepare(`SELECT count(*) FROM ${table} WHERE typeof(${column}) <> 'integer'`).pluck().get();
    expect(fractional('events', 'ts')).toBe(0);
    expect(fractional('events', 'received_at')).toBe(0);
    expect(fractional('sessions', 'first_ts')).toBe(0);
    expect(fractional('responses', 'created_at')).toBe(0);
    db.$client.close();
  });
});
