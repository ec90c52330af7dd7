import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createSite, migrateDatabase, openDatabase, openPostgres, type PgDb } from '@loupe/server';
import { postgresDatabases } from '@loupe/server/testing/postgres-database';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, PAUSE_ENV, PAUSED_MARKER, runMigrateDataCli } from '../src/migrate-data/run-migrate-data-cli.js';
import { runSeed } from '../src/seed/run-seed.js';
import { repoRoot } from '../src/testing/index.js';
import { type CliRun, runInProcess } from './helpers/cli-run.js';

// `npm run -s migrate-data`: a seeded SQLite database copied into a real PostgreSQL server, run
// twice, killed mid-copy and resumed, refused when the target holds other data.

const migrateData = (args: string[]) => runInProcess(runMigrateDataCli, args, {});
const summary = (run: CliRun) => {
  expect(run.code, run.stderr).toBe(EXIT.copied);
  expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
  return JSON.parse(run.stdout) as {
    resumed: boolean;
    tables: number;
    rows: number;
    copied: number;
    verified: boolean;
  };
};
type Pool = PgDb['$client'];
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Past 2^53: the copy must carry every digit of a 64-bit id. */
const BIG_SEQ = 9_007_199_254_741_001n;

describe('npm run migrate-data', { timeout: 120_000 }, () => {
  // Empty databases on the run's server, one per scenario.
  const databases = postgresDatabases({ schema: 'empty' });
  let dir: string;
  let source: string;
  const pools: Pool[] = [];
  const poolOn = (database: string) => {
    const pool = openPostgres({ url: databases.urlOf(database), poolSize: 1, onIdleError: () => {} }).$client;
    pools.push(pool);
    return pool;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'loupe-migrate-data-'));
    source = path.join(dir, 'loupe.db');
    const db = openDatabase(source);
    migrateDatabase(db);
    const site = createSite(db, { name: 'Seed shop', origins: ['https://shop.example'] });
    runSeed(db, { siteId: site.siteId, responses: 120, events: 2_000, days: 60, seed: 7 });
    // Audit ids around 2^53, the last one deleted: its id stays used (sqlite_sequence), as on SQLite.
    const audit = db.$client.prepare(
      `INSERT INTO audit_log (seq, site_id, at, actor_kind, action, target_kind, rows, total_rows)
       VALUES (?, ?, 1, 'key', 'delete', 'responses', '{"responses": 2}', 2)`,
    );
    for (const seq of [1n, 2n, BIG_SEQ, BIG_SEQ + 1n]) audit.run(seq, site.siteId);
    db.$client.prepare('DELETE FROM audit_log WHERE seq = ?').run(BIG_SEQ + 1n);
    db.$client.close();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await databases.dropAll();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  /** Every table's rows as PostgreSQL prints them, the copy's bookkeeping, and the identity sequences. */
  async function snapshot(pool: Pool) {
    const tables = (
      await pool.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname IN ('public', 'loupe_copy') AND c.relkind IN ('r', 'p') ORDER BY 1`,
      )
    ).rows.map((r) => r.name);
    const content: Record<string, string> = {};
    for (const t of tables) {
      const schema = (await pool.query(`SELECT to_regclass('public.${t}') AS r`)).rows[0].r ? 'public' : 'loupe_copy';
      const { rows } = await pool.query(
        `SELECT count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS v FROM ${schema}."${t}" x`,
      );
      content[t] = rows[0].v;
    }
    const sequences = (await pool.query('SELECT sequencename, last_value::text FROM pg_sequences ORDER BY 1')).rows;
    return { content, sequences };
  }

  /** The source's own tables, listed by this test rather than the tool (every one must be copied). */
  function sourceTables(): string[] {
    const sqlite = new Database(source, { readonly: true });
    try {
      return sqlite
        .prepare(
          `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`,
        )
        .pluck()
        .all() as string[];
    } finally {
      sqlite.close();
    }
  }

  /** Each table's rows counted on both sides, by this test rather than the tool. */
  async function expectSameCounts(pool: Pool) {
    const sqlite = new Database(source, { readonly: true });
    try {
      const tables = sourceTables();
      expect(tables.length).toBeGreaterThan(100);
      for (const t of tables) {
        const want = sqlite.prepare(`SELECT count(*) FROM "${t}"`).pluck().get();
        const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "${t}"`);
        expect([t, rows[0].n]).toEqual([t, want]);
      }
    } finally {
      sqlite.close();
    }
  }

  it('copies every table, converting each column type, and verifies counts and digests', async () => {
    await databases.create('copy');
    const before = sha256(source);
    const run = await migrateData(['--from', source, '--to', databases.urlOf('copy'), '--chunk-rows', '300']);
    const out = summary(run);
    const tables = sourceTables().length;
    expect(out).toMatchObject({ resumed: false, tables, verified: true });
    expect(out.rows).toBeGreaterThan(10_000);
    expect(out.copied).toBe(out.rows);
    expect(run.stderr).toMatch(/^events: 300\/\d+ rows$/m);
    expect(run.stderr).toMatch(new RegExp(`^verifying ${tables} tables$`, 'm'));
    expect(sha256(source)).toBe(before);

    const pool = poolOn('copy');
    await expectSameCounts(pool);
    // Planner statistics gathered by the copy itself, not left to autovacuum: a read right after
    // it must not plan over tables PostgreSQL still believes empty.
    const unanalyzed = await pool.query(
      "SELECT relname FROM pg_stat_user_tables WHERE relname IN ('sessions', 'responses', 'visitor_sketches') AND last_analyze IS NULL",
    );
    expect(unanalyzed.rows).toEqual([]);
    const sqlite = new Database(source, { readonly: true });
    sqlite.defaultSafeIntegers(true);
    try {
      // JSON text byte for byte; 0/1 flags (bigint on both sides); binary sketches; events in their
      // month partitions.
      const event = sqlite.prepare('SELECT site_id, id, payload, ts FROM events ORDER BY id LIMIT 1').get() as Record<
        string,
        string
      >;
      const copied = await pool.query(
        'SELECT payload::text AS payload, ts::text, tableoid::regclass::text AS part FROM events WHERE site_id = $1 AND id = $2',
        [event.site_id, event.id],
      );
      expect(copied.rows[0]).toMatchObject({ payload: event.payload, ts: String(event.ts) });
      expect(copied.rows[0].part).toMatch(/^events_\d{4}_\d{2}$/);
      expect((await pool.query('SELECT count(*)::int AS n FROM events_default')).rows[0].n).toBe(0);
      const returning = sqlite.prepare('SELECT sum("returning") FROM sessions').pluck().get();
      expect(returning).toBeGreaterThan(0n);
      const pgReturning = (await pool.query('SELECT sum("returning")::text AS n FROM sessions')).rows[0].n;
      expect(pgReturning).toBe(String(returning));
      const sketch = sqlite
        .prepare('SELECT visitors FROM visitor_sketches ORDER BY site_id, tier, start LIMIT 1')
        .get() as {
        visitors: Buffer;
      };
      const pgSketch = await pool.query('SELECT visitors FROM visitor_sketches ORDER BY site_id, tier, start LIMIT 1');
      expect(Buffer.compare(pgSketch.rows[0].visitors, sketch.visitors)).toBe(0);
    } finally {
      sqlite.close();
    }
    // Every digit of a 64-bit id, and the identity continues past the highest id SQLite handed out.
    const seqs = (await pool.query('SELECT seq::text FROM audit_log ORDER BY seq')).rows.map((r) => r.seq);
    expect(seqs).toEqual(['1', '2', String(BIG_SEQ)]);
    const next = await pool.query(
      `INSERT INTO audit_log (at, actor_kind, action, target_kind, rows, total_rows)
       VALUES (2, 'key', 'delete', 'responses', '{}', 0) RETURNING seq::text`,
    );
    expect(next.rows[0].seq).toBe(String(BIG_SEQ + 2n));
    await pool.query('DELETE FROM audit_log WHERE at = 2');
  });

  it('changes nothing when run again, and reports a target whose content differs', async () => {
    const pool = poolOn('copy');
    const before = await snapshot(pool);
    const out = summary(await migrateData(['--from', source, '--to', databases.urlOf('copy')]));
    expect(out).toMatchObject({ resumed: true, copied: 0, verified: true });
    expect(await snapshot(pool)).toEqual(before);

    await pool.query(
      `UPDATE responses SET comment = coalesce(comment, '') || '!' WHERE ctid = (SELECT min(ctid) FROM responses)`,
    );
    const run = await migrateData(['--from', source, '--to', databases.urlOf('copy')]);
    expect(run.code).toBe(EXIT.differs);
    expect(JSON.parse(run.stdout)).toMatchObject({ verified: false, differ: ['responses'] });
    expect(run.stderr).toMatch(
      /differs: responses: (\d+) rows in the source, \1 in the target \(same count, different content\)/,
    );
  });

  it('resumes a copy killed mid-way and completes it', async () => {
    await databases.create('killed');
    const url = databases.urlOf('killed');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(repoRoot, 'scripts/src/migrate-data-cli.ts'),
        '--from',
        source,
        '--to',
        url,
        '--chunk-rows',
        '100',
      ],
      { cwd: repoRoot, env: { ...process.env, [PAUSE_ENV]: '40' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes(PAUSED_MARKER)) resolve();
      });
      child.once('exit', () => reject(new Error(`exited before the marker:\n${stderr}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // Forty chunks committed with their marks, the rest not begun.
    const pool = poolOn('killed');
    const progress = await pool.query<{ rows: string; done: boolean }>('SELECT rows, done FROM loupe_copy.progress');
    const committed = progress.rows.reduce((sum, r) => sum + Number(r.rows), 0);
    expect(committed).toBeGreaterThan(0);
    expect(progress.rows.length).toBeLessThan(sourceTables().length);

    const out = summary(await migrateData(['--from', source, '--to', url, '--chunk-rows', '100']));
    expect(out).toMatchObject({ resumed: true, verified: true });
    expect(out.copied).toBe(out.rows - committed);
    await expectSameCounts(pool);
  });

  it('refuses a target that holds other data, or a copy of another database', async () => {
    await databases.create('other');
    const url = databases.urlOf('other');
    // Migrated, with one site the server wrote there: not this file's.
    summary(await migrateData(['--from', source, '--to', url]));
    const pool = poolOn('other');
    await pool.query('TRUNCATE loupe_copy.source, loupe_copy.progress');
    const refused = await migrateData(['--from', source, '--to', url]);
    expect(refused.code).toBe(EXIT.refused);
    expect(refused.stderr).toMatch(
      /^error: refused postgres:.*the target already holds data that is not from this file \(rows in sites/m,
    );
    expect(refused.stdout).toBe('');

    // A copy of another install (its own sites) in the target.
    const another = path.join(dir, 'another.db');
    const db = openDatabase(another);
    migrateDatabase(db);
    createSite(db, { name: 'Another shop', origins: [] });
    db.$client.close();
    const mixed = await migrateData(['--from', another, '--to', databases.urlOf('copy')]);
    expect(mixed.code).toBe(EXIT.refused);
    expect(mixed.stderr).toMatch(/the target holds a copy of another Loupe database/);
  });

  it('says clearly what is wrong with a bad path or URL', async () => {
    const bad = async (args: string[], code: number, message: RegExp) => {
      const run = await migrateData(args);
      expect([run.code, run.stderr]).toEqual([code, expect.stringMatching(message)]);
      expect(run.stdout).toBe('');
    };
    const url = databases.urlOf('copy');
    await bad(['--to', url], EXIT.usage, /--from is required/);
    await bad(['--from', source, '--to', 'mysql://db/loupe'], EXIT.usage, /--to the scheme mysql: is not supported/);
    await bad(['--from', source, '--to', 'postgres://'], EXIT.usage, /--to the PostgreSQL URL names no server/);
    await bad(['--from', source, '--to', source], EXIT.usage, /--to takes a postgres:\/\/ URL/);
    await bad(['--from', url, '--to', url], EXIT.usage, /--from takes a SQLite file/);
    await bad(
      ['--from', path.join(dir, 'missing.db'), '--to', url],
      EXIT.failed,
      /no SQLite database at .*missing\.db/,
    );
    const notSqlite = path.join(dir, 'notes.txt');
    await writeFile(notSqlite, 'not a database, just text that is long enough to have a header');
    await bad(
      ['--from', notSqlite, '--to', url],
      EXIT.failed,
      /cannot read the source: cannot read .*notes\.txt as a SQLite database/,
    );
    // A value the PostgreSQL column cannot hold: named with its table, row and column.
    const fraction = path.join(dir, 'fraction.db');
    const db = openDatabase(fraction);
    migrateDatabase(db);
    createSite(db, { name: 'Odd shop', origins: [] });
    db.$client.prepare('UPDATE sites SET raw_events_days = 1.5').run();
    db.$client.close();
    await databases.create('fraction');
    await bad(
      ['--from', fraction, '--to', databases.urlOf('fraction')],
      EXIT.failed,
      /cannot copy into .*: sites \(id=site_[\w-]+\): raw_events_days: the number 1\.5 does not fit a bigint column/,
    );
    const closed = `postgres://loupe:secret@127.0.0.1:1/loupe`;
    await bad(
      ['--from', source, '--to', closed],
      EXIT.failed,
      /^error: cannot copy into postgres:\/\/loupe:\*\*\*@127\.0\.0\.1:1\/loupe: .*ECONNREFUSED/,
    );
  });
});
