// Where an ad-hoc funnel's read time goes, part by part, on a seeded database (bench-query's --db):
// counting in the index, the session ids alone (iterate() and all()), the join to session_steps, and
// decoding the steps. Opening it applies this checkout's migrations and backfills, timed.
// npx tsx scripts/src/profile-funnel-walk.ts --db PATH [--runs N] (step 1 is /product/*, all time).
import { parseArgs } from 'node:util';
import { migrateDatabase, openDatabase } from '@loupe/server';

const { values: args } = parseArgs({ options: { db: { type: 'string' }, runs: { type: 'string' } } });
const db = openDatabase(args.db!);
let cpu = process.cpuUsage();
migrateDatabase(db);
cpu = process.cpuUsage(cpu);
console.log(`migrations and backfills: CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`);
const sqlite = db.$client;
const site = sqlite.prepare('SELECT site_id FROM session_steps LIMIT 1').pluck().get() as string;
const keys = sqlite
  .prepare(
    "SELECT id FROM funnel_keys WHERE site_id = ? AND kind = 'page' AND name >= '/product/' AND name < '/product0'",
  )
  .pluck()
  .all(site) as number[];
const RUNS = Number(args.runs ?? 15);
const levels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const range = [0, Number.MAX_SAFE_INTEGER];

function time(name: string, fn: () => number) {
  fn();
  const cpus: number[] = [];
  let n = 0;
  for (let i = 0; i < RUNS; i++) {
    const c = process.cpuUsage();
    n = fn();
    const d = process.cpuUsage(c);
    cpus.push((d.user + d.system) / 1000);
  }
  cpus.sort((a, b) => a - b);
  const p50 = cpus[cpus.length >> 1]!;
  console.log(
    `${name.padEnd(44)} rows ${String(n).padStart(7)}  CPU p50 ${p50.toFixed(1).padStart(6)} ms  ${((p50 * 1000) / n).toFixed(2)} µs/row`,
  );
}

const count = sqlite
  .prepare(
    'SELECT count(*) FROM session_reaches WHERE site_id = ? AND key_id = ? AND sample_level = ? AND first_ts >= ? AND first_ts < ?',
  )
  .pluck();
const ids = sqlite
  .prepare(
    'SELECT session_id FROM session_reaches WHERE site_id = ? AND key_id = ? AND sample_level = ? AND first_ts >= ? AND first_ts < ?',
  )
  .raw();
const joined = sqlite
  .prepare(
    'SELECT r.session_id, s.steps FROM session_reaches AS r JOIN session_steps AS s ON s.site_id = r.site_id AND s.session_id = r.session_id ' +
      'WHERE r.site_id = ? AND r.key_id = ? AND r.sample_level = ? AND r.first_ts >= ? AND r.first_ts < ?',
  )
  .raw();
const each = (st: typeof ids, visit: (row: unknown[]) => void) => {
  let n = 0;
  for (const k of keys)
    for (const l of levels)
      for (const row of st.iterate(site, k, l, ...range) as Iterable<unknown[]>) {
        n++;
        visit(row);
      }
  return n;
};
time('count(*) in the index', () => {
  let n = 0;
  for (const k of keys) for (const l of levels) n += count.get(site, k, l, ...range) as number;
  return n;
});
time('session ids from the index', () => each(ids, () => {}));
time('joined to session_steps', () => each(joined, () => {}));
const all = (st: typeof ids, visit: (row: unknown[]) => void) => {
  let n = 0;
  for (const k of keys)
    for (const l of levels)
      for (const row of st.all(site, k, l, ...range) as unknown[][]) {
        n++;
        visit(row);
      }
  return n;
};
time('session ids from the index, all()', () => all(ids, () => {}));
time('joined to session_steps, all()', () => all(joined, () => {}));
let sink = 0;
time('joined + JSON.parse, all()', () => all(joined, (r) => (sink += (JSON.parse(r[1] as string) as number[]).length)));
time('joined + JSON.parse', () => each(joined, (r) => (sink += (JSON.parse(r[1] as string) as number[]).length)));
console.log(sink > 0 ? '' : '-');
console.log(
  `explain: ${JSON.stringify(
    sqlite
      .prepare(`EXPLAIN QUERY PLAN ${joined.source}`)
      .all(site, keys[0], 0, ...range)
      .map((r) => (r as { detail: string }).detail),
  )}`,
);
