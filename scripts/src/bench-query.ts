// `npm run bench:query`: p50/p95 of every read-API metrics route on a seeded database, for the last
// 30 days and for all time, each against answering the same question by scanning raw rows in the
// same run. Default size 100 000 answers / 1 000 000 events (a few minutes here); the full
// size with --responses 1000000 --events 10000000. --db PATH --site ID reuses a seeded database.
// --db postgres also copies the seeded database into a throwaway PostgreSQL server (migrate-data's
// copy) and times each route served there beside SQLite (default size then 20 000 answers /
// 200 000 events); a route PostgreSQL does not serve yet (501 there) is timed on SQLite only.
// --db PATH --site ID --postgres does the same with a reused database, and --postgres-url URL
// serves from a copy of it made before (`npm run migrate-data`), which at 1 M events takes minutes.
// A line ends in '(empty answer)' when the answer counted nothing (a reused file whose data end
// before the last 30 days: run under `faketime` set to its last day), and in '(PostgreSQL answers
// other bytes than SQLite)' when the copy's answer is not SQLite's.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp, loadConfig, migrateDatabase, openDatabase, rotateSecret } from '@loupe/server';
import { answerFigures } from './bench/answer-figures.js';
import { jsonFlag, ratio, writeBenchJson, type BenchSection } from './bench/bench-report.js';
import {
  rawJourneys,
  rawRetention,
  rawTouchpoints,
  rawBreakdown,
  rawClicks,
  rawConversion,
  rawEngagement,
  rawErrorRate,
  rawPlainClicks,
  rawErrors,
  rawFriction,
  rawFunnel,
  rawOverview,
  rawPages,
  rawScores,
  rawTasks,
  rawTimeseries,
  type Question,
} from './bench/query-baselines.js';
import { openPostgresTwin, servedOnPostgres, type PostgresTwin } from './bench/query-on-postgres.js';
import { seedBenchSite } from './bench/seed-bench-site.js';

const { values: args } = parseArgs({
  options: {
    responses: { type: 'string' },
    events: { type: 'string' },
    days: { type: 'string' },
    db: { type: 'string' },
    site: { type: 'string' },
    runs: { type: 'string' },
    'baseline-runs': { type: 'string' },
    'warmup-runs': { type: 'string' },
    json: { type: 'string' },
    only: { type: 'string' },
    // Names containing any of these (comma-separated) are not timed: `--skip audience` leaves out
    // the audience-filtered variants, which at 10 M events take seconds a call.
    skip: { type: 'string' },
    // Only these windows ('30 days', 'all time'; comma-separated): at 10 M events one window of a
    // family can be timed in a run of its own.
    windows: { type: 'string' },
    'funnel-sample-threshold': { type: 'string' },
    postgres: { type: 'boolean' },
    'postgres-url': { type: 'string' },
  },
});
const ON_POSTGRES = args.db === 'postgres' || args.postgres === true || args['postgres-url'] !== undefined;
let RESPONSES = Number(args.responses ?? (ON_POSTGRES ? 20_000 : 100_000));
let EVENTS = Number(args.events ?? (ON_POSTGRES ? 200_000 : 1_000_000));
const DAYS = Number(args.days ?? 180);
const RUNS = Number(args.runs ?? 40);
const BASELINE_RUNS = Number(args['baseline-runs'] ?? 3);
// Calls before the timed ones. At 1 M events a route's first ~20 calls cost 2-3× its later ones
// (V8 optimizing the row loops, SQLite's pages): `--warmup-runs 30` times the steady state.
const WARMUP_RUNS = Number(args['warmup-runs'] ?? 3);
const TZ = 'America/New_York';
const TARGET_P95_MS = 50;

const reused = args.db === 'postgres' ? undefined : args.db;
const tmp = reused ? undefined : mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-query-'));
const dbPath = reused ?? path.join(tmp!, 'bench.db');
let siteId = args.site;
let secret: string;
{
  const db = openDatabase(dbPath);
  migrateDatabase(db);
  if (siteId) {
    // Reads need the site's secret key, which is stored only as a hash: a reused database gets a new one.
    const rotated = rotateSecret(db, siteId);
    if (!rotated) throw new Error(`no site ${siteId} in ${dbPath}`);
    secret = rotated.secretKey;
    EVENTS = db.$client.prepare('SELECT count(*) FROM events WHERE site_id = ?').pluck().get(siteId) as number;
    RESPONSES = db.$client.prepare('SELECT count(*) FROM responses WHERE site_id = ?').pluck().get(siteId) as number;
  } else {
    const site = seedBenchSite(db, { responses: RESPONSES, events: EVENTS, days: DAYS });
    [siteId, secret] = [site.siteId, site.secretKey];
  }
  db.$client.close();
}

// The API's per-address budget is for clients; a benchmark that calls in a loop is not one.
const config = loadConfig({
  LOUPE_DB: dbPath,
  LOUPE_API_RATE_LIMIT_MAX: '1000000',
  // What an ad-hoc funnel walks before it samples: lowered, a small database shows what a sampled
  // read costs on a large one (the sample holds at most this many sessions at any size).
  ...(args['funnel-sample-threshold'] ? { LOUPE_FUNNEL_SAMPLE_THRESHOLD: args['funnel-sample-threshold'] } : {}),
});
const app = await buildApp({ config, logger: false });
await app.ready();
const raw = app.db.$client;
const now = Date.now();
const day = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(t);
const WINDOWS = [
  { name: '30 days', from: day(now - 29 * 86_400_000) },
  { name: 'all time', from: day(now - (DAYS + 1) * 86_400_000) },
].filter((w) => !args.windows || args.windows.split(',').includes(w.name));
if (WINDOWS.length === 0) throw new Error(`--windows ${args.windows}: none of '30 days', 'all time'`);

interface Route {
  name: string;
  url: (from: string) => string;
  baseline?: (q: Question) => unknown;
  /** The route reads in the site's own time zone and takes no `tz`. */
  siteZone?: boolean;
}

// A saved funnel of the shop's steps, counted over the seeded sessions by the background count
// (timed: what saving a funnel on a site with this history costs), then read from its counts.
const SHOP_STEPS = ['/product/*', '/cart', '/checkout', 'track:purchase'];
// A reused database keeps the one an earlier run saved (a copy made before holds only that one).
let savedFunnelId =
  siteId && reused
    ? ((raw
        .prepare('SELECT id FROM saved_funnels WHERE site_id = ? AND steps = ? ORDER BY created_at LIMIT 1')
        .pluck()
        .get(siteId, JSON.stringify(SHOP_STEPS)) as string | undefined) ?? '')
    : '';
/** The routes that read the saved funnel, named here so that whether any is chosen is known before saving it. */
const SAVED_FUNNEL_ROUTES = {
  shop: 'funnel saved (shop, 4 steps)',
  returning: 'funnel saved (shop, audience: returning)',
  twoTraits: 'funnel saved (multi-audience: shop, two traits)',
} as const;
/** Whether `--only` and `--skip` choose the route named `name`. */
const isChosen = (name: string) =>
  (!args.only || args.only.split(',').some((o) => name.includes(o))) &&
  !args.skip?.split(',').some((o) => name.includes(o));
if (!savedFunnelId && Object.values(SAVED_FUNNEL_ROUTES).some(isChosen)) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const res = await app.inject({
    method: 'POST',
    url: '/v1/funnels/saved',
    headers: { authorization: `Bearer ${secret}` },
    payload: { name: 'Shop', steps: SHOP_STEPS },
  });
  if (res.statusCode !== 201) throw new Error(`saving a funnel: ${res.statusCode} ${res.body}`);
  savedFunnelId = res.json().id;
  await app.savedFunnelBackfill.idle();
  const cpu = process.cpuUsage(c0);
  console.log(
    `saved funnel counted over the stored sessions in ${((performance.now() - t0) / 1000).toFixed(1)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s)`,
  );
}
// Goal conversion by page counted afresh over the stored sessions by the background count, as after
// the upgrade that added its counts (timed: what that upgrade costs a site with this history).
if (!args.only || args.only.split(',').some((o) => 'conversion (page)'.includes(o))) {
  for (const table of ['page_conversion_counts', 'page_conversion_counts_daily', 'page_conversion_counts_monthly'])
    raw.prepare(`DELETE FROM ${table} WHERE site_id = ?`).run(siteId);
  raw.prepare("INSERT OR REPLACE INTO page_conversion_backfill (site_id, cursor) VALUES (?, '')").run(siteId);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  app.savedFunnelBackfill.kick();
  await app.savedFunnelBackfill.idle();
  const cpu = process.cpuUsage(c0);
  console.log(
    `conversion by page counted over the stored sessions in ${((performance.now() - t0) / 1000).toFixed(1)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s)`,
  );
}
// After the saved funnel and the conversion counts above, so the copy holds them (their background
// counts do not run on PostgreSQL yet).
let twin: PostgresTwin | undefined;
if (ON_POSTGRES) {
  const t0 = performance.now();
  twin = await openPostgresTwin(
    dbPath,
    config,
    args['postgres-url'] ? { url: args['postgres-url'], siteId: siteId! } : undefined,
  );
  console.log(
    args['postgres-url']
      ? `serving the PostgreSQL copy at ${args['postgres-url']}`
      : `copied ${twin.rows.toLocaleString('en')} rows into PostgreSQL in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
/** Two traits (plan=pro and customerType=business: about a tenth of the sessions with traits). */
const TWO_TRAITS = 'trait.plan=pro&trait.customerType=business';
function multiAudienceRoutes(): Route[] {
  const shop = encodeURIComponent('/product/*,/cart,/checkout,track:purchase');
  const v = (name: string, url: (f: string) => string, siteZone = false): Route => ({
    name,
    url,
    ...(siteZone ? { siteZone } : {}),
  });
  return [
    v('overview (multi-audience: two traits)', (f) => `/v1/metrics/overview?from=${f}&${TWO_TRAITS}`),
    v(
      'overview (multi-audience: plan=pro, chrome)',
      (f) => `/v1/metrics/overview?from=${f}&trait.plan=pro&browser=chrome`,
    ),
    v(
      'overview (multi-audience: returning, /cart)',
      (f) => `/v1/metrics/overview?from=${f}&returning=true&path=%2Fcart`,
    ),
    v(
      'timeseries (multi-audience: returning, chrome, by day)',
      (f) => `/v1/metrics/timeseries?from=${f}&interval=day&returning=true&browser=chrome`,
    ),
    v(
      'timeseries (multi-audience: two traits, by day)',
      (f) => `/v1/metrics/timeseries?from=${f}&interval=day&${TWO_TRAITS}`,
    ),
    v(
      'timeseries (multi-audience: plan=pro, de, by day)',
      (f) => `/v1/metrics/timeseries?from=${f}&interval=day&trait.plan=pro&language=de`,
    ),
    v(
      'breakdown (multi-audience: device, two traits)',
      (f) => `/v1/metrics/breakdown?by=device&from=${f}&${TWO_TRAITS}`,
    ),
    v(
      'breakdown (multi-audience: by trait.plan, business)',
      (f) => `/v1/metrics/breakdown?by=trait.plan&trait.customerType=business&from=${f}`,
    ),
    v(
      'breakdown (multi-audience: browser, plan=pro, mobile)',
      (f) => `/v1/metrics/breakdown?by=browser&trait.plan=pro&device=mobile&from=${f}`,
    ),
    v(
      'breakdown (multi-audience: device, plan=pro, chrome)',
      (f) => `/v1/metrics/breakdown?by=device&trait.plan=pro&browser=chrome&from=${f}`,
    ),
    v('pages (multi-audience: two traits)', (f) => `/v1/metrics/pages?from=${f}&${TWO_TRAITS}`),
    v('pages (multi-audience: plan=pro, chrome)', (f) => `/v1/metrics/pages?from=${f}&trait.plan=pro&browser=chrome`),
    v('pages (multi-audience: returning, chrome)', (f) => `/v1/metrics/pages?from=${f}&returning=true&browser=chrome`),
    v(
      'breakdown (multi-audience: device, returning, /cart)',
      (f) => `/v1/metrics/breakdown?by=device&returning=true&path=%2Fcart&from=${f}`,
    ),
    v(
      'scores (multi-audience: two traits, by day)',
      (f) => `/v1/metrics/scores?kind=nps&interval=day&${TWO_TRAITS}&from=${f}`,
    ),
    v(
      'scores (multi-audience: plan=pro, mobile, by day)',
      (f) => `/v1/metrics/scores?kind=nps&interval=day&trait.plan=pro&device=mobile&from=${f}`,
    ),
    v('responses (multi-audience: two traits, page)', (f) => `/v1/responses?${TWO_TRAITS}&from=${f}`),
    v('insights/friction (multi-audience: two traits)', (f) => `/v1/insights/friction?${TWO_TRAITS}&from=${f}`),
    v(
      'insights/friction (multi-audience: plan=pro, country=DE)',
      (f) => `/v1/insights/friction?trait.plan=pro&trait.country=DE&from=${f}`,
    ),
    v(
      'insights/journeys (multi-audience: two traits, 3 steps)',
      (f) => `/v1/insights/journeys?segment=detractor&depth=3&${TWO_TRAITS}&from=${f}`,
    ),
    v(
      'insights/journeys (multi-audience: plan=pro, mobile, 3 steps)',
      (f) => `/v1/insights/journeys?depth=3&trait.plan=pro&device=mobile&from=${f}`,
    ),
    v('insights/touchpoints (multi-audience: two traits)', (f) => `/v1/insights/touchpoints?${TWO_TRAITS}&from=${f}`),
    v(
      'error-rate (multi-audience: two traits, by page)',
      (f) => `/v1/metrics/error-rate?by=page&${TWO_TRAITS}&from=${f}`,
    ),
    v(
      'error-rate (multi-audience: plan=pro, chrome, by day)',
      (f) => `/v1/metrics/error-rate?interval=day&trait.plan=pro&browser=chrome&from=${f}`,
    ),
    v('engagement (multi-audience: two traits)', (f) => `/v1/metrics/engagement?${TWO_TRAITS}&from=${f}`),
    v(
      'engagement (multi-audience: plan=pro, chrome)',
      (f) => `/v1/metrics/engagement?trait.plan=pro&browser=chrome&from=${f}`,
    ),
    v('clicks (multi-audience: two traits, kind=click)', (f) => `/v1/clicks?kind=click&${TWO_TRAITS}&from=${f}`),
    v('clicks (multi-audience: plan=pro, /cart)', (f) => `/v1/clicks?trait.plan=pro&path=%2Fcart&from=${f}`),
    v('tasks (multi-audience: two traits)', (f) => `/v1/metrics/tasks?${TWO_TRAITS}&from=${f}`),
    v('tasks (multi-audience: plan=pro, mobile)', (f) => `/v1/metrics/tasks?trait.plan=pro&device=mobile&from=${f}`),
    v('conversion (multi-audience: page, two traits)', (f) => `/v1/metrics/conversion?by=page&${TWO_TRAITS}&from=${f}`),
    v('funnel (multi-audience: shop, two traits)', (f) => `/v1/funnels?steps=${shop}&${TWO_TRAITS}&from=${f}`),
    v(SAVED_FUNNEL_ROUTES.twoTraits, (f) => `/v1/funnels/saved/${savedFunnelId}?${TWO_TRAITS}&from=${f}`),
    v(
      'metrics/retention (multi-audience: two traits)',
      () => `/v1/metrics/retention?interval=week&${TWO_TRAITS}`,
      true,
    ),
    v(
      'metrics/retention (multi-audience: plan=pro, mobile)',
      () => '/v1/metrics/retention?interval=week&trait.plan=pro&device=mobile',
      true,
    ),
  ];
}
const ROUTES: Route[] = [
  {
    name: 'scores (by day)',
    url: (f) => `/v1/metrics/scores?kind=nps&interval=day&from=${f}`,
    baseline: (q) => rawScores(raw, q, 'nps'),
  },
  {
    name: 'scores (by week, per page)',
    url: (f) => `/v1/metrics/scores?kind=nps&interval=week&groupBy=path&from=${f}`,
    baseline: (q) => rawScores(raw, q, 'nps'),
  },
  { name: 'pages', url: (f) => `/v1/metrics/pages?from=${f}`, baseline: (q) => rawPages(raw, q) },
  { name: 'overview', url: (f) => `/v1/metrics/overview?from=${f}`, baseline: (q) => rawOverview(raw, q) },
  { name: 'overview (mobile, safari)', url: (f) => `/v1/metrics/overview?from=${f}&device=mobile&browser=safari` },
  { name: 'overview (page /cart)', url: (f) => `/v1/metrics/overview?from=${f}&path=%2Fcart` },
  {
    name: 'timeseries (default interval)',
    url: (f) => `/v1/metrics/timeseries?from=${f}`,
    baseline: (q) => rawTimeseries(raw, q),
  },
  { name: 'timeseries (by day, de)', url: (f) => `/v1/metrics/timeseries?from=${f}&interval=day&language=de` },
  { name: 'timeseries (by week, /cart)', url: (f) => `/v1/metrics/timeseries?from=${f}&interval=week&path=%2Fcart` },
  {
    name: 'breakdown (browser)',
    url: (f) => `/v1/metrics/breakdown?by=browser&from=${f}`,
    baseline: (q) => rawBreakdown(raw, q),
  },
  { name: 'breakdown (device)', url: (f) => `/v1/metrics/breakdown?by=device&from=${f}` },
  { name: 'breakdown (language)', url: (f) => `/v1/metrics/breakdown?by=language&from=${f}` },
  { name: 'breakdown (language, mobile)', url: (f) => `/v1/metrics/breakdown?by=language&device=mobile&from=${f}` },
  { name: 'breakdown (entry page)', url: (f) => `/v1/metrics/breakdown?by=entryPage&from=${f}` },
  { name: 'pages (safari)', url: (f) => `/v1/metrics/pages?from=${f}&browser=safari` },
  // Under an audience the traffic figures come from the audience's sessions and visits, not the cubes.
  { name: 'overview (audience: returning)', url: (f) => `/v1/metrics/overview?from=${f}&returning=true` },
  {
    name: 'overview (audience: trait.plan=pro, mobile)',
    url: (f) => `/v1/metrics/overview?from=${f}&trait.plan=pro&device=mobile`,
  },
  {
    name: 'timeseries (audience: new, by day)',
    url: (f) => `/v1/metrics/timeseries?from=${f}&interval=day&returning=false`,
  },
  {
    name: 'timeseries (audience: new, by week)',
    url: (f) => `/v1/metrics/timeseries?from=${f}&interval=week&returning=false`,
  },
  {
    name: 'timeseries (audience: trait.plan=pro, by day)',
    url: (f) => `/v1/metrics/timeseries?from=${f}&interval=day&trait.plan=pro`,
  },
  { name: 'breakdown (audience: by trait.plan)', url: (f) => `/v1/metrics/breakdown?by=trait.plan&from=${f}` },
  {
    name: 'breakdown (audience: browser, returning)',
    url: (f) => `/v1/metrics/breakdown?by=browser&returning=true&from=${f}`,
  },
  {
    name: 'breakdown (audience: device, trait.plan=pro)',
    url: (f) => `/v1/metrics/breakdown?by=device&trait.plan=pro&from=${f}`,
  },
  {
    name: 'breakdown (audience: device, returning)',
    url: (f) => `/v1/metrics/breakdown?by=device&returning=true&from=${f}`,
  },
  {
    name: 'breakdown (audience: language, trait.plan=pro)',
    url: (f) => `/v1/metrics/breakdown?by=language&trait.plan=pro&from=${f}`,
  },
  {
    name: 'breakdown (audience: entry page, returning)',
    url: (f) => `/v1/metrics/breakdown?by=entryPage&returning=true&from=${f}`,
  },
  { name: 'pages (audience: returning)', url: (f) => `/v1/metrics/pages?from=${f}&returning=true` },
  { name: 'pages (audience: trait.plan=pro)', url: (f) => `/v1/metrics/pages?from=${f}&trait.plan=pro` },
  {
    name: 'scores (by week, safari)',
    url: (f) => `/v1/metrics/scores?kind=nps&interval=week&browser=safari&from=${f}`,
  },
  { name: 'errors', url: (f) => `/v1/errors?from=${f}`, baseline: (q) => rawErrors(raw, q) },
  { name: 'clicks', url: (f) => `/v1/clicks?from=${f}`, baseline: (q) => rawClicks(raw, q) },
  {
    name: 'clicks (ordinary, kind=click)',
    url: (f) => `/v1/clicks?kind=click&from=${f}`,
    baseline: (q) => rawPlainClicks(raw, q),
  },
  {
    name: 'error-rate (by release)',
    url: (f) => `/v1/metrics/error-rate?by=release&from=${f}`,
    baseline: (q) => rawErrorRate(raw, q),
  },
  { name: 'error-rate (by page)', url: (f) => `/v1/metrics/error-rate?by=page&from=${f}` },
  { name: 'error-rate (by browser, mobile)', url: (f) => `/v1/metrics/error-rate?by=browser&device=mobile&from=${f}` },
  { name: 'error-rate (page /checkout)', url: (f) => `/v1/metrics/error-rate?path=%2Fcheckout&from=${f}` },
  {
    name: 'engagement (mean and median)',
    url: (f) => `/v1/metrics/engagement?from=${f}`,
    baseline: (q) => rawEngagement(raw, q),
  },
  { name: 'engagement (by week, safari)', url: (f) => `/v1/metrics/engagement?interval=week&browser=safari&from=${f}` },
  {
    name: 'insights/friction',
    url: (f) => `/v1/insights/friction?from=${f}`,
    baseline: (q) => rawFriction(raw, q, 'nps'),
  },
  { name: 'responses (first page)', url: (f) => `/v1/responses?from=${f}` },
  {
    name: 'funnel (shop, 4 steps)',
    url: (f) => `/v1/funnels?steps=${encodeURIComponent('/product/*,/cart,/checkout,track:purchase')}&from=${f}`,
    baseline: (q) => rawFunnel(raw, q),
  },
  {
    name: 'funnel exact (shop, 4 steps)',
    url: (f) =>
      `/v1/funnels?steps=${encodeURIComponent('/product/*,/cart,/checkout,track:purchase')}&exact=true&from=${f}`,
  },
  {
    name: SAVED_FUNNEL_ROUTES.shop,
    url: (f) => `/v1/funnels/saved/${savedFunnelId}?from=${f}`,
    baseline: (q) => rawFunnel(raw, q),
  },
  {
    name: 'funnel (cart→purchase, mobile)',
    url: (f) => `/v1/funnels?steps=${encodeURIComponent('/cart,/checkout/*,track:purchase')}&device=mobile&from=${f}`,
  },
  {
    name: 'conversion (page)',
    url: (f) => `/v1/metrics/conversion?by=page&from=${f}`,
    baseline: (q) => rawConversion(raw, q),
  },
  { name: 'conversion (band)', url: (f) => `/v1/metrics/conversion?by=band&goal=purchase&from=${f}` },
  { name: 'tasks', url: (f) => `/v1/metrics/tasks?from=${f}`, baseline: (q) => rawTasks(raw, q) },
  { name: 'tasks (checkout, mobile)', url: (f) => `/v1/metrics/tasks?from=${f}&task=checkout&device=mobile` },
  { name: 'tasks (by browser)', url: (f) => `/v1/metrics/tasks?from=${f}&groupBy=browser` },
  {
    name: 'insights/journeys (detractors, 3 steps)',
    url: (f) => `/v1/insights/journeys?kind=nps&segment=detractor&depth=3&from=${f}`,
    baseline: (q) => rawJourneys(raw, q, 'nps'),
  },
  { name: 'insights/journeys (mobile, 5 steps)', url: (f) => `/v1/insights/journeys?depth=5&device=mobile&from=${f}` },
  {
    name: 'insights/touchpoints',
    url: (f) => `/v1/insights/touchpoints?kind=nps&from=${f}`,
    baseline: (q) => rawTouchpoints(raw, q, 'nps'),
  },
  {
    name: 'metrics/retention (by week)',
    url: () => '/v1/metrics/retention?interval=week',
    baseline: (q) => rawRetention(raw, q),
    siteZone: true,
  },
  {
    name: 'metrics/retention (by month, mobile)',
    url: () => '/v1/metrics/retention?interval=month&device=mobile',
    siteZone: true,
  },
  {
    name: 'metrics/retention (customers)',
    url: () => '/v1/metrics/retention?interval=week&by=customer',
    siteZone: true,
  },
  // An audience: read from the people's sessions and per-period rows, not the rollups.
  {
    name: 'metrics/retention (returning visitors)',
    url: () => '/v1/metrics/retention?interval=week&returning=true',
    siteZone: true,
  },
  // Audience filters: read from the audience's answers or sessions, not the rollups. New visitors
  // are most of the seeded audience (the largest read); a trait the seed may not give reads as few.
  { name: 'responses (audience: new, first page)', url: (f) => `/v1/responses?returning=false&from=${f}` },
  { name: 'responses (audience: plan=pro, page)', url: (f) => `/v1/responses?trait.plan=pro&from=${f}` },
  { name: 'insights/friction (audience: new)', url: (f) => `/v1/insights/friction?returning=false&from=${f}` },
  {
    name: 'insights/friction (audience: plan=pro)',
    url: (f) => `/v1/insights/friction?trait.plan=pro&from=${f}`,
  },
  {
    name: 'insights/journeys (audience: new, 3 steps)',
    url: (f) => `/v1/insights/journeys?segment=detractor&depth=3&returning=false&from=${f}`,
  },
  { name: 'insights/touchpoints (audience: new)', url: (f) => `/v1/insights/touchpoints?returning=false&from=${f}` },
  {
    name: 'insights/touchpoints (audience: plan=pro)',
    url: (f) => `/v1/insights/touchpoints?trait.plan=pro&from=${f}`,
  },
  // The routes whose audience reads walk the audience's sessions (tasks, the error rate by release)
  // or its people (retention by a trait), or sample them (funnels, conversion); the error rate's
  // other variants and engagement under at most one trait read counts kept by who the session is.
  {
    name: 'scores (audience: trait.plan=pro, by day)',
    url: (f) => `/v1/metrics/scores?kind=nps&interval=day&trait.plan=pro&from=${f}`,
  },
  {
    name: 'error-rate (audience: returning, by page)',
    url: (f) => `/v1/metrics/error-rate?by=page&returning=true&from=${f}`,
  },
  {
    name: 'error-rate (audience: trait.plan=pro, by day)',
    url: (f) => `/v1/metrics/error-rate?interval=day&trait.plan=pro&from=${f}`,
  },
  {
    name: 'error-rate (audience: returning, by browser)',
    url: (f) => `/v1/metrics/error-rate?by=browser&returning=true&from=${f}`,
  },
  {
    name: 'error-rate (audience: trait.plan=pro, by release)',
    url: (f) => `/v1/metrics/error-rate?by=release&trait.plan=pro&from=${f}`,
  },
  // A release, a browser and a language the 10 M file's last 30 days hold.
  {
    name: 'error-rate (audience: returning, release=2026.08.17)',
    url: (f) => `/v1/metrics/error-rate?release=2026.08.17&returning=true&from=${f}`,
  },
  { name: 'engagement (audience: trait.plan=pro)', url: (f) => `/v1/metrics/engagement?trait.plan=pro&from=${f}` },
  { name: 'engagement (audience: returning)', url: (f) => `/v1/metrics/engagement?returning=true&from=${f}` },
  {
    name: 'engagement (audience: trait.plan=pro, browser=chrome)',
    url: (f) => `/v1/metrics/engagement?browser=chrome&trait.plan=pro&from=${f}`,
  },
  {
    name: 'engagement (audience: returning, language=de)',
    url: (f) => `/v1/metrics/engagement?language=de&returning=true&from=${f}`,
  },
  {
    name: 'engagement (audience: trait.plan=pro, by week)',
    url: (f) => `/v1/metrics/engagement?trait.plan=pro&interval=week&from=${f}`,
  },
  { name: 'tasks (audience: returning)', url: (f) => `/v1/metrics/tasks?returning=true&from=${f}` },
  { name: 'tasks (audience: trait.plan=pro)', url: (f) => `/v1/metrics/tasks?trait.plan=pro&from=${f}` },
  {
    name: 'conversion (page, audience: new)',
    url: (f) => `/v1/metrics/conversion?by=page&returning=false&from=${f}`,
  },
  {
    name: 'funnel (shop, audience: trait.plan=pro)',
    url: (f) =>
      `/v1/funnels?steps=${encodeURIComponent('/product/*,/cart,/checkout,track:purchase')}&trait.plan=pro&from=${f}`,
  },
  {
    name: SAVED_FUNNEL_ROUTES.returning,
    url: (f) => `/v1/funnels/saved/${savedFunnelId}?returning=true&from=${f}`,
  },
  {
    name: 'metrics/retention (audience: trait.plan=pro)',
    url: () => '/v1/metrics/retention?interval=week&trait.plan=pro',
    siteZone: true,
  },
  {
    name: 'metrics/retention (audience: trait.plan=pro, by month)',
    url: () => '/v1/metrics/retention?interval=month&trait.plan=pro',
    siteZone: true,
  },
  {
    name: 'metrics/retention (audience: trait.plan=pro, returning)',
    url: () => '/v1/metrics/retention?interval=week&trait.plan=pro&returning=true',
    siteZone: true,
  },
  { name: 'clicks (audience: new)', url: (f) => `/v1/clicks?returning=false&from=${f}` },
  { name: 'clicks (audience: returning, kind=click)', url: (f) => `/v1/clicks?kind=click&returning=true&from=${f}` },
  { name: 'clicks (audience: plan=pro, kind=click)', url: (f) => `/v1/clicks?kind=click&trait.plan=pro&from=${f}` },
  // Audiences the counts kept by who the session is do not key (`--only multi`): two traits, or a
  // trait with a device, browser, language or path filter. Most routes read them from the
  // audience's sessions or answers of the range: at 10 M events up to seconds of CPU a call, so
  // their names hold 'audience' too (`--skip audience` leaves them out).
  ...multiAudienceRoutes(),
];

const pct = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
/** Wall and CPU (user + system, every thread of this process) milliseconds of each call, sorted. */
async function time(n: number, f: () => unknown): Promise<{ wall: number[]; cpu: number[] }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await f();
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { wall: wall.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b) };
}

/**
 * The same URL on the PostgreSQL copy: wall percentiles (the facade waits for PostgreSQL, so wall
 * includes its work), this process's CPU percentiles, and PostgreSQL's processes' CPU per request.
 */
async function timeOnPostgres(
  pg: PostgresTwin,
  url: string,
  label: string,
  sqlite: { p50: number; body: string },
): Promise<string> {
  const sqliteP50 = sqlite.p50;
  if (!servedOnPostgres(url)) return '   | not served on PostgreSQL yet';
  const call = async () => {
    const res = await pg.app.inject({ url, headers: { authorization: `Bearer ${secret}` } });
    if (res.statusCode !== 200) throw new Error(`PostgreSQL ${url}: ${res.statusCode} ${res.body}`);
  };
  // A served route that fails there is a finding to print, not a reason to stop the run.
  const first = await pg.app.inject({ url, headers: { authorization: `Bearer ${secret}` } });
  if (first.statusCode !== 200)
    return `   | PostgreSQL answered ${first.statusCode} (${first.json<{ code?: string }>().code})`;
  // Both engines give the same bytes (server/test/postgres-parity.test.ts): a copy that does not is timed
  // over other rows, which the line says.
  const differs = first.body === sqlite.body ? '' : '  (PostgreSQL answers other bytes than SQLite)';
  await time(WARMUP_RUNS, call);
  const before = pg.cpu();
  const t = await time(RUNS, call);
  const after = pg.cpu();
  const [p50, p95] = [pct(t.wall, 0.5), pct(t.wall, 0.95)];
  const [node50, node95] = [pct(t.cpu, 0.5), pct(t.cpu, 0.95)];
  // /proc counts in ticks (10 ms): a mean over the runs, not per-call percentiles.
  const server = before === undefined || after === undefined ? Number.NaN : (after - before) / 1000 / RUNS;
  section.figures.push(
    { name: `${label} PostgreSQL p50`, value: p50, unit: 'ms' },
    { name: `${label} PostgreSQL p95`, value: p95, unit: 'ms' },
    { name: `${label} PostgreSQL CPU p95 (this process)`, value: node95, unit: 'ms' },
    { name: `${label} PostgreSQL CPU mean (its processes)`, value: server, unit: 'ms' },
  );
  section.ratios.push(ratio(`${label}: PostgreSQL p50 ÷ SQLite p50`, p50 / sqliteP50, 'the same route on SQLite'));
  return `   | ${p50.toFixed(1).padStart(10)} ${p95.toFixed(1).padStart(7)}  ${node50.toFixed(1).padStart(8)} ${node95.toFixed(1).padStart(7)} + ${server.toFixed(1).padStart(6)}      ${(p50 / sqliteP50).toFixed(1).padStart(8)}×${differs}`;
}

const section: BenchSection = {
  id: 'query',
  title: 'Read API on rollups vs. scanning raw rows',
  figures: [],
  ratios: [],
  notes: [],
};
console.log(
  `\n${EVENTS.toLocaleString('en')} events, ${RESPONSES.toLocaleString('en')} answers over ${DAYS} days; tz ${TZ}; ${RUNS} runs each`,
);
// The ranges sent: a clock far past the data's last day (set it back with faketime) leaves the
// recent window empty, which the lines below mark.
console.log(`${WINDOWS.map((w) => `${w.name} from ${w.from}`).join(', ')} to now (${new Date(now).toISOString()})\n`);
console.log(
  `route                          window     p50 ms   p95 ms   cpu p50  cpu p95   raw p50 ms   raw ÷ rollup${twin ? '   | PostgreSQL: p50 ms  p95 ms  cpu p50  cpu p95 + postgres mean  ÷ SQLite p50' : ''}`,
);
for (const w of WINDOWS) {
  const chosen = ROUTES.filter((x) => isChosen(x.name));
  for (const r of chosen) {
    const url = r.siteZone ? r.url(w.from) : `${r.url(w.from)}&tz=${encodeURIComponent(TZ)}`;
    let sampled = '';
    let body = '';
    const call = async () => {
      const res = await app.inject({ url, headers: { authorization: `Bearer ${secret}` } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      body = res.body;
      // A funnel or an audience's answers past the threshold answer from a sample: the line says which
      // (the overview, series and pages may read a sample of both the sessions and the answers).
      // (A retention table's sample is of people.)
      type Sample = { rate: number; sessions?: number; answers?: number; people?: number };
      const said = res.json() as { sampled?: Sample; answersSampled?: Sample };
      const held = (s: Sample) =>
        s.answers !== undefined
          ? `${s.answers} answers`
          : s.people !== undefined
            ? `${s.people} people`
            : `${s.sessions} sessions`;
      sampled = [said.sampled, said.answersSampled]
        .filter((s): s is Sample => s !== undefined)
        .map((s) => `  (sample 1/${1 / s.rate}: ${held(s)})`)
        .join('');
    };
    await time(WARMUP_RUNS, call);
    const api = await time(RUNS, call);
    const [p50, p95] = [pct(api.wall, 0.5), pct(api.wall, 0.95)];
    const [cpu50, cpu95] = [pct(api.cpu, 0.5), pct(api.cpu, 0.95)];
    const label = `${r.name} [${w.name}]`;
    section.figures.push(
      { name: `${label} p50`, value: p50, unit: 'ms' },
      { name: `${label} p95`, value: p95, unit: 'ms' },
      { name: `${label} CPU p95`, value: cpu95, unit: 'ms' },
    );
    let baseline = '';
    // --baseline-runs 0 skips the raw scans (seconds each at 1 M events) when only the routes matter.
    if (r.baseline && BASELINE_RUNS > 0) {
      // The answer's first instant: `range.from`, or a retention answer's first cohort (a local date).
      const answer = JSON.parse((await app.inject({ url, headers: { authorization: `Bearer ${secret}` } })).body) as {
        range?: { from: string };
        from?: string;
      };
      const q: Question = {
        siteId: siteId!,
        from: Date.parse(answer.range?.from ?? answer.from ?? ''),
        to: now,
        tz: TZ,
      };
      const b = pct((await time(BASELINE_RUNS, () => r.baseline!(q))).wall, 0.5);
      section.ratios.push(ratio(`${label}: raw scan p50 ÷ rollup p50`, b / p50, 'the same question over raw rows'));
      baseline = `${b.toFixed(1).padStart(10)}   ${(b / p50).toFixed(1).padStart(8)}×`;
    }
    const cpu = `${cpu50.toFixed(1).padStart(8)} ${cpu95.toFixed(1).padStart(8)}`;
    const onPostgres = twin ? await timeOnPostgres(twin, url, label, { p50, body }) : '';
    // An answer that counted nothing was cheap on every engine and proves nothing about either.
    const empty = answerFigures(JSON.parse(body)) === 0 ? '  (empty answer)' : '';
    console.log(
      `${r.name.padEnd(30)} ${w.name.padEnd(9)} ${p50.toFixed(1).padStart(7)} ${p95.toFixed(1).padStart(8)} ${p95 > TARGET_P95_MS ? '!' : ' '}${cpu}${baseline.padEnd(baseline || !twin ? 0 : 23)}${onPostgres}${sampled}${empty}`,
    );
  }
}
section.notes.push(
  `${EVENTS} events, ${RESPONSES} answers over ${DAYS} days (npm run seed data); app.inject in-process, ${RUNS} timed runs after ${WARMUP_RUNS} warm-ups; raw scans ${BASELINE_RUNS} runs.`,
  `Target: p95 ≤ ${TARGET_P95_MS} ms per metrics route ('!' marks a miss). Time zone ${TZ} (local days need hourly edges).`,
  'CPU: user + system time of this process per request (process.cpuUsage), less disturbed than wall time by other load.',
);
if (twin)
  section.notes.push(
    'PostgreSQL: the same file copied by migrate-data into a throwaway local server; its CPU is that of its processes (/proc), a mean per request.',
  );
const jsonFile = jsonFlag();
if (jsonFile) writeBenchJson(jsonFile, [section]);
await app.close();
await twin?.close();
if (tmp) rmSync(tmp, { recursive: true, force: true });
