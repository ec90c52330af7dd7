// Fills a database with realistic data for a site, fast, through the ingest store itself:
//   npm run -s seed -- --responses 1000000 --events 10000000
// Without --site a new site of its own ("Seed shop") is created, so no other site's data or
// prompts are touched; --site fills an existing one. Either way the prompts the answers belong
// to are created paused, so they never show on the site's pages. Progress goes to stderr; the
// summary, one JSON line, to stdout: siteId, name, the keys when it created the site (publicKey,
// secretKey), db, events, responses, sessions, seconds. Tests and tools rely on that line.
import { parseArgs } from 'node:util';
import { createSite, findSiteById, loadDatabaseConfig, openServerDatabase, redactedUrl } from '@loupe/server';
import { runSeed } from './seed/run-seed.js';

const USAGE = `Usage: npm run seed -- [--site SITE_ID] [--responses N] [--events N] [--days N] [--seed N] [--db PATH]

  --site       existing site to fill (default: a new site "Seed shop", whose keys are printed)
  --responses  prompt answers to create (default 100000)
  --events     events in total, answers included (default 1000000)
  --days       spread over the last N days (default 180)
  --seed       random seed, for reproducible data (default 1)
  --db         the database, a SQLite file or a postgres:// URL (default: $LOUPE_DB, else
               $DATABASE_URL, else ./data/loupe.db)`;

function positive(name: string, value: string | undefined, def: number): number {
  if (value === undefined) return def;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a whole number ≥ 0, got ${value}`);
  return n;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        site: { type: 'string' },
        responses: { type: 'string' },
        events: { type: 'string' },
        days: { type: 'string' },
        seed: { type: 'string' },
        db: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  let opts;
  try {
    opts = {
      responses: positive('responses', args.responses, 100_000),
      events: positive('events', args.events, 1_000_000),
      days: Math.max(1, positive('days', args.days, 180)),
      seed: positive('seed', args.seed, 1),
    };
    if (opts.responses * 2 > opts.events)
      throw new Error('--events must be at least twice --responses (each answer is a display and a score)');
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  let database;
  let db;
  try {
    // The server's database, opened as the server opens it (a SQLite file or PostgreSQL).
    database = loadDatabaseConfig(args.db ? { LOUPE_DB: args.db } : process.env);
    db = await openServerDatabase(database);
  } catch (err) {
    // Both explain what is wrong with the setting or the file and what to do; a stack adds nothing.
    console.error((err as Error).message);
    return 1;
  }
  // Never the password of a PostgreSQL URL: the summary line goes to logs.
  const where = database.kind === 'sqlite' ? database.path : redactedUrl(database.url);
  try {
    let siteId = args.site;
    let created: object = {};
    let name: string;
    if (siteId === undefined) {
      const site = createSite(db, { name: 'Seed shop', origins: ['https://shop.example'] });
      siteId = site.siteId;
      name = site.name;
      created = { publicKey: site.publicKey, secretKey: site.secretKey };
    } else {
      const site = findSiteById(db, siteId);
      if (!site) {
        console.error(`No site ${siteId} in ${where}. List sites with: npm run -s site -- list`);
        return 1;
      }
      name = site.name;
    }
    const started = Date.now();
    let last = 0;
    const result = runSeed(db, {
      siteId,
      ...opts,
      onProgress: (p) => {
        const now = Date.now();
        if (!p.done && now - last < 1000) return;
        last = now;
        const secs = (now - started) / 1000;
        const rate = p.events / Math.max(secs, 0.001);
        const eta = p.done ? 0 : (opts.events - p.events) / Math.max(rate, 1);
        console.error(
          `seed: ${p.events.toLocaleString('en')}/${opts.events.toLocaleString('en')} events ` +
            `(${Math.min(100, (100 * p.events) / opts.events).toFixed(1)} %), ${p.responses.toLocaleString('en')} responses, ` +
            `${Math.round(rate).toLocaleString('en')} events/s${p.done ? ', done' : `, ~${Math.ceil(eta)} s left`}`,
        );
      },
    });
    const seconds = (Date.now() - started) / 1000;
    console.log(JSON.stringify({ siteId, name, ...created, db: where, ...result, seconds }));
    return 0;
  } finally {
    db.$client.close();
  }
}

process.exitCode = await main();
