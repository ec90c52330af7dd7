// `npm run bench:dashboard`: how long the dashboard's overview takes to show its figures (every
// card filled) in real Chromium, against the slowest read-API call it makes, measured in the same
// page load: the app's own overhead (HTML, scripts, session check, rendering) as a ratio. Default
// size 100 000 answers / 1 000 000 events; the full size with --responses 1000000 --events 10000000.
// --db PATH --site ID reuses a seeded database.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { migrateDatabase, openDatabase } from '@loupe/server';
import { jsonFlag, ratio, type BenchSection, writeBenchJson } from './bench/bench-report.js';
import { seedBenchSite } from './bench/seed-bench-site.js';
import { launchChromium, startTestServer } from './testing/index.js';

const { values: args } = parseArgs({
  options: {
    responses: { type: 'string' },
    events: { type: 'string' },
    days: { type: 'string' },
    db: { type: 'string' },
    site: { type: 'string' },
    runs: { type: 'string' },
    period: { type: 'string' },
    json: { type: 'string' },
  },
});
const RESPONSES = Number(args.responses ?? 100_000);
const EVENTS = Number(args.events ?? 1_000_000);
const DAYS = Number(args.days ?? 180);
const RUNS = Number(args.runs ?? 7);
const PERIOD = args.period ?? '30d';
const TARGET = '≤ 1.5';
const OWNER = { email: 'bench@loupe.example', password: 'bench passphrase 0123' };

const tmp = args.db ? undefined : mkdtempSync(path.join(os.tmpdir(), 'loupe-bench-dashboard-'));
const dbPath = args.db ?? path.join(tmp!, 'bench.db');
let siteId = args.site;
if (!siteId) {
  const db = openDatabase(dbPath);
  migrateDatabase(db);
  siteId = seedBenchSite(db, { responses: RESPONSES, events: EVENTS, days: DAYS }).siteId;
  db.$client.close();
}

const server = await startTestServer({
  dbPath,
  env: { LOUPE_OWNER_EMAIL: OWNER.email, LOUPE_OWNER_PASSWORD: OWNER.password },
});
const browser = await launchChromium();

// In-page code (this package is compiled without the DOM library, hence the string and the casts;
// functions, not strings, where Playwright would eval(): the dashboard's CSP forbids that).
/** Notes the moment every headline card has its data-value (a MutationObserver: no polling delay). */
const WATCH_CARDS = `
new MutationObserver(() => {
  const cards = document.querySelectorAll('.card .card-value[data-metric]');
  if (cards.length > 0 && [...cards].every((c) => c.hasAttribute('data-value'))) window.__cardsFilledAt ??= performance.now();
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-value'] });`;
type PageGlobals = { __cardsFilledAt?: number };
type Timing = { name: string; startTime: number; responseEnd: number };
/** The slowest /v1/metrics/* request that started before the cards were filled (Resource Timing), and the phases of the load. */
function measure(): Load {
  const filled = (globalThis as PageGlobals).__cardsFilledAt!;
  // Plain copies with the path (the entries' fields are getters a spread would miss); no named
  // helper function here: under tsx, esbuild's __name() would not exist in the page.
  const entries = (performance.getEntriesByType('resource') as unknown as Timing[]).map((e) => ({
    path: new URL(e.name).pathname,
    startTime: e.startTime,
    responseEnd: e.responseEnd,
  }));
  const api = entries
    .filter((e) => e.path.startsWith('/v1/metrics/') && e.startTime < filled)
    .map((e) => ({ name: e.path, ms: e.responseEnd - e.startTime }));
  const slowest = api.reduce((a, b) => (b.ms > a.ms ? b : a), { name: 'none', ms: 0 });
  const nav = performance.getEntriesByType('navigation')[0] as unknown as { responseEnd: number } | undefined;
  const scripts = entries.filter((e) => e.path.endsWith('.js') && e.startTime < filled);
  const me = entries.find((e) => e.path === '/v1/auth/me');
  const overview = entries.find((e) => e.path === '/v1/metrics/overview' && e.startTime < filled);
  return {
    cardsMs: filled,
    slowestApiMs: slowest.ms,
    slowest: slowest.name,
    phases: {
      html: nav?.responseEnd ?? 0,
      scripts: scripts.reduce((a, e) => Math.max(a, e.responseEnd), 0),
      meEnd: me?.responseEnd ?? 0,
      overviewStart: overview?.startTime ?? 0,
      overviewEnd: overview?.responseEnd ?? 0,
      calls: api.length,
    },
  };
}

interface Load {
  /** From navigation start until every headline card shows its figure, ms. */
  cardsMs: number;
  /** The slowest read-API request of the load (start to last byte), ms, and which it was. */
  slowestApiMs: number;
  slowest: string;
  /** When each step of the load ended (ms from navigation start): where the time goes. */
  phases: { html: number; scripts: number; meEnd: number; overviewStart: number; overviewEnd: number; calls: number };
}

/** One page load of the overview, measured by WATCH_CARDS and measure(). */
async function load(context: import('playwright-core').BrowserContext): Promise<Load> {
  const page = await context.newPage();
  await page.goto(`${server.url}/app/?site=${siteId}&period=${PERIOD}`);
  await page.waitForFunction(() => (globalThis as PageGlobals).__cardsFilledAt !== undefined, undefined, {
    timeout: 120_000,
  });
  const result = await page.evaluate(measure);
  await page.close();
  return result;
}

try {
  const context = await browser.newContext();
  await context.addInitScript({ content: WATCH_CARDS });
  const login = await fetch(`${server.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify(OWNER),
  });
  if (login.status !== 204) throw new Error(`login: ${login.status} ${await login.text()}`);
  const cookie = /loupe_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
  await context.addCookies([{ name: 'loupe_session', value: cookie!, url: server.url }]);

  const cold = await load(context);
  const warm: Load[] = [];
  for (let i = 0; i < RUNS; i++) warm.push(await load(context));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ratios = warm.map((l) => l.cardsMs / l.slowestApiMs);
  const section: BenchSection = {
    id: 'dashboard',
    title: 'Dashboard overview: every card filled vs. its slowest API call',
    figures: [
      { name: 'cards filled (median, warm)', value: median(warm.map((l) => l.cardsMs)), unit: 'ms' },
      { name: 'slowest API call (median, warm)', value: median(warm.map((l) => l.slowestApiMs)), unit: 'ms' },
      { name: 'cards filled (first load, cold cache)', value: cold.cardsMs, unit: 'ms' },
      { name: 'slowest API call (first load)', value: cold.slowestApiMs, unit: 'ms' },
    ],
    ratios: [
      ratio(
        'cards filled ÷ slowest API call (median of warm loads)',
        median(ratios),
        'the slowest /v1/metrics/* request of the same load',
        TARGET,
      ),
      ratio(
        'cards filled ÷ slowest API call (first load)',
        cold.cardsMs / cold.slowestApiMs,
        'the same, with nothing cached',
      ),
      ratio(
        'cards filled ÷ (scripts downloaded + slowest API call) (median of warm loads)',
        median(warm.map((l) => l.cardsMs / (l.phases.scripts + l.slowestApiMs))),
        'the same load’s last script byte plus its slowest /v1/metrics/* call: what a page that did nothing else would need, were the two back to back',
      ),
    ],
    notes: [
      `${EVENTS.toLocaleString('en')} events, ${RESPONSES.toLocaleString('en')} answers over ${DAYS} days; period ${PERIOD}; ${RUNS} warm loads after one cold`,
      `slowest call: ${[...new Set(warm.map((l) => l.slowest))].join(', ')}`,
      'Times from navigation start (HTML, scripts, session check, the calls, rendering) to the last card’s data-value.',
      'The read API answers a 30-day overview from rollups, so its calls grow slowly with the data while the page’s own cost ' +
        '(HTML, scripts, evaluation, rendering) does not grow at all: the second ratio puts that cost beside what no app can avoid.',
    ],
  };
  const phase = (k: keyof Load['phases']) => median(warm.map((l) => l.phases[k]));
  const phases =
    `HTML ${phase('html').toFixed(0)} ms, scripts ${phase('scripts').toFixed(0)} ms, session (/v1/auth/me) ${phase('meEnd').toFixed(0)} ms, ` +
    `overview request ${phase('overviewStart').toFixed(0)}–${phase('overviewEnd').toFixed(0)} ms, cards ${median(warm.map((l) => l.cardsMs)).toFixed(0)} ms; ` +
    `${phase('calls')} read-API calls before the cards`;
  section.notes.push(
    `where the time goes (medians of the warm loads, each phase's end from navigation start): ${phases}`,
  );
  console.log(phases);
  console.log(
    `cards filled: ${section.figures[0]!.value.toFixed(0)} ms; slowest API call ${section.figures[1]!.value.toFixed(0)} ms; ratio ${median(ratios).toFixed(2)} (target ${TARGET})`,
  );
  console.log(`first load: ${cold.cardsMs.toFixed(0)} ms vs ${cold.slowestApiMs.toFixed(0)} ms (${cold.slowest})`);
  const jsonFile = jsonFlag();
  if (jsonFile) writeBenchJson(jsonFile, [section]);
} finally {
  await browser.close();
  await server.dispose();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}
