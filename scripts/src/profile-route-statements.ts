import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { buildApp, loadConfig, openDatabase, rotateSecret } from '@loupe/server';

// Where one read route's time goes on a kept database: calls the route (app.inject) after warm-up
// calls and prints its CPU per request, then every statement it ran with its time, calls and rows
// per request (better-sqlite3's Statement methods wrapped, so the figures include building the
// rows). `FROM` in the URL becomes the local date `--days` ago in `--tz` (docs/query-speed.md,
// "Core routes at 1 M events"); `--tz none` leaves the URL without one.
//   npx tsx scripts/src/profile-route-statements.ts --db /tmp/copy.db --site ID \
//     --url '/v1/metrics/timeseries?from=FROM' --runs 20

const { values: args } = parseArgs({
  options: {
    db: { type: 'string' },
    site: { type: 'string' },
    url: { type: 'string' },
    runs: { type: 'string' },
    'warmup-runs': { type: 'string' },
    days: { type: 'string' },
    tz: { type: 'string' },
  },
});
if (!args.db || !args.site || !args.url) throw new Error('--db, --site and --url are required');
const RUNS = Number(args.runs ?? 20);
const WARMUP_RUNS = Number(args['warmup-runs'] ?? 30);
const TZ = args.tz ?? 'America/New_York';

let secret: string;
{
  const db = openDatabase(args.db);
  const rotated = rotateSecret(db, args.site);
  if (!rotated) throw new Error(`no site ${args.site} in ${args.db}`);
  secret = rotated.secretKey;
  db.$client.close();
}

interface Cost {
  calls: number;
  us: number;
  rows: number;
}
const costs = new Map<string, Cost>();
let counting = false;
// The Statement class is better-sqlite3's own: wrapped here, every store's statements are timed.
const Database = createRequire(import.meta.resolve('@loupe/server'))('better-sqlite3');
const scratch = new Database(':memory:');
const proto = Object.getPrototypeOf(scratch.prepare('SELECT 1'));
scratch.close();
for (const method of ['all', 'get', 'iterate', 'run']) {
  const original = proto[method];
  proto[method] = function (this: { source: string }, ...params: unknown[]) {
    const t0 = process.hrtime.bigint();
    const out = original.apply(this, params);
    if (counting) {
      const c = costs.get(this.source) ?? { calls: 0, us: 0, rows: 0 };
      c.calls++;
      c.us += Number(process.hrtime.bigint() - t0) / 1000;
      c.rows += Array.isArray(out) ? out.length : 1;
      costs.set(this.source, c);
    }
    return out;
  };
}

const app = await buildApp({
  config: loadConfig({
    LOUPE_DB: args.db,
    LOUPE_API_RATE_LIMIT_MAX: '1000000',
    // The page cache to compare (docs/query-speed.md, "Built: a larger SQLite page cache").
    ...(process.env.LOUPE_SQLITE_CACHE_MB ? { LOUPE_SQLITE_CACHE_MB: process.env.LOUPE_SQLITE_CACHE_MB } : {}),
  }),
  logger: false,
});
await app.ready();
const from = new Intl.DateTimeFormat('en-CA', { timeZone: TZ === 'none' ? 'UTC' : TZ }).format(
  Date.now() - Number(args.days ?? 29) * 86_400_000,
);
// The URL's own tz wins, and `--tz none` adds none: some routes take no tz (retention counts by UTC
// periods and answers 400 to one).
const target = new URL(args.url.replace('FROM', from), 'http://loupe.invalid');
if (TZ !== 'none' && !target.searchParams.has('tz')) target.searchParams.set('tz', TZ);
const url = `${target.pathname}${target.search}`;
const call = async () => {
  const res = await app.inject({ url, headers: { authorization: `Bearer ${secret}` } });
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
};
for (let i = 0; i < WARMUP_RUNS; i++) await call();
counting = true;
const cpu0 = process.cpuUsage();
for (let i = 0; i < RUNS; i++) await call();
const cpu = process.cpuUsage(cpu0);
console.log(`${url}: CPU ${((cpu.user + cpu.system) / 1000 / RUNS).toFixed(1)} ms per request (${RUNS} runs)`);
console.log('ms/request  calls  rows  statement');
for (const [sql, c] of [...costs].sort((a, b) => b[1].us - a[1].us).slice(0, 15)) {
  const text = sql.replace(/\?(, \?)+/g, '?, …').slice(0, 220);
  console.log(
    `${(c.us / RUNS / 1000).toFixed(2).padStart(10)} ${(c.calls / RUNS).toFixed(1).padStart(6)} ${(c.rows / RUNS).toFixed(0).padStart(5)}  ${text}`,
  );
}
await app.close();
