import { existsSync, rmSync } from 'node:fs';
import { hashVisitor, hourOf, dayOf, monthOf, sessionSampleLevel, VisitorSketch } from '@loupe/server/internal';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { type IdRemap, isSqliteInternal, TABLES, type TableRule } from './densify-tables.js';

export interface DensifyOptions {
  from: string;
  to: string;
  /** The result holds `factor` times the visitor-level rows: the originals and factor − 1 copies. */
  factor: number;
  /** Progress lines (one per table). */
  log?: (line: string) => void;
}

export interface DensifyResult {
  tables: number;
  copiedRows: number;
  seconds: number;
}

// better-sqlite3 is the server's driver: the densifier opens the files with the server's own copy.
const Database = createRequire(import.meta.resolve('@loupe/server'))('better-sqlite3') as typeof BetterSqlite3;
type Db = BetterSqlite3.Database;
/** better-sqlite3's default build caps user functions' arguments; one copy number is all they need. */
const MAX_FACTOR = 256;

/** The tables of `db` the table list does not know (SQLite's own excepted). */
export function unknownTables(db: Db): string[] {
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
  return names.filter((t) => !isSqliteInternal(t) && !(t in TABLES));
}

interface Column {
  name: string;
  type: string;
  pk: number;
}
const columnsOf = (db: Db, schema: string, table: string): Column[] =>
  db.prepare(`SELECT name, type, pk FROM ${schema}.pragma_table_info(?)`).all(table) as Column[];

/** Refuses what the densifier cannot copy faithfully, before it writes anything. */
function check(db: Db): string[] {
  const problems = unknownTables(db).map(
    (t) => `unknown table ${t}: classify it in scripts/src/densify/densify-tables.ts`,
  );
  const present = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
  for (const [table, rule] of Object.entries(TABLES)) {
    if (!present.has(table)) continue;
    const cols = columnsOf(db, 'main', table);
    if (rule.kind === 'backfill-state' && (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) > 0)
      problems.push(`${table} has a backfill in progress: let the server finish it first`);
    if ('remap' in rule) {
      const decided = new Set([...Object.keys(rule.remap), ...(rule.keep ?? [])]);
      for (const c of Object.keys(rule.remap))
        if (!cols.some((col) => col.name === c)) problems.push(`${table}.${c} is in the table list but not the table`);
      for (const c of cols)
        if (/(^id$|_id$)/.test(c.name) && !decided.has(c.name))
          problems.push(`${table}.${c.name} looks like an id: remap or keep it in densify-tables.ts`);
    }
    if (rule.kind === 'counter')
      for (const c of cols)
        if (c.pk === 0 && !/^(INTEGER|REAL)$/i.test(c.type))
          problems.push(`${table}.${c.name} (${c.type}) is not a counter: classify ${table} again`);
  }
  if (present.has('saved_funnels')) {
    const running = db.prepare('SELECT count(*) FROM saved_funnels WHERE backfill_cursor IS NOT NULL').pluck().get();
    if ((running as number) > 0) problems.push('a saved funnel is being backfilled: let the server finish it first');
  }
  return problems;
}

/** A uuid's first byte turned by `copy` (mod 256): still a uuid, never the original for copy 1..255. */
function turnUuid(id: string | null, copy: number): string | null {
  if (id === null) return null;
  const byte = Number.parseInt(id.slice(0, 2), 16);
  if (Number.isNaN(byte)) throw new Error(`not a uuid: ${id}`);
  return ((byte + copy) % 256).toString(16).padStart(2, '0') + id.slice(2);
}

const suffix = (id: string, copy: number): string => `${id}-d${copy}`;

/** An identify event's payload names the customer, whose id the copy remaps like every other. */
function identifyPayload(payload: string, copy: number): string {
  const body = JSON.parse(payload) as { customerId?: unknown };
  if (typeof body.customerId !== 'string') return payload;
  return JSON.stringify({ ...body, customerId: suffix(body.customerId, copy) });
}

function expression(column: string, remap: IdRemap | undefined): string {
  const col = `"${column}"`;
  if (remap === 'suffix') return `${col} || '-d' || copies.c`;
  if (remap === 'uuid') return `densify_uuid(${col}, copies.c)`;
  if (remap === 'sample-level') return `densify_sample_level("session_id" || '-d' || copies.c)`;
  if (remap === 'answer-sample-level') return `densify_sample_level(densify_uuid("display_id", copies.c))`;
  if (remap === 'person-level')
    return (
      "coalesce((SELECT densify_sample_level(v.visitor_id || '-d' || copies.c) FROM src.sessions AS v " +
      'WHERE v.site_id = r.site_id AND v.session_id = r.session_id AND v.visitor_id IS NOT NULL), 0)'
    );
  if (remap === 'identify-payload')
    return `CASE WHEN "type" = 'identify' THEN densify_identify(${col}, copies.c) ELSE ${col} END`;
  return col;
}

function copyRows(db: Db, table: string, rule: Extract<TableRule, { remap: object }>): number {
  const cols = columnsOf(db, 'src', table).map((c) => c.name);
  const select = cols.map((c) => expression(c, rule.remap[c])).join(', ');
  const list = cols.map((c) => `"${c}"`).join(', ');
  return db
    .prepare(`INSERT INTO main."${table}" (${list}) SELECT ${select} FROM src."${table}" AS r CROSS JOIN temp.copies`)
    .run().changes;
}

function multiply(db: Db, table: string, factor: number): number {
  const sums = columnsOf(db, 'main', table).filter((c) => c.pk === 0);
  const set = sums.map((c) => `"${c.name}" = "${c.name}" * ${factor}`).join(', ');
  return db.prepare(`UPDATE "${table}" SET ${set}`).run().changes;
}

function multiplyHistograms(db: Db, table: string, factor: number): number {
  return db
    .prepare(
      `UPDATE "${table}" SET hist = (SELECT jsonb_group_object(key, value * ${factor}) FROM json_each("${table}".hist))`,
    )
    .run().changes;
}

/**
 * Adds every copied session's visitor to the sketches of the hour / day (and, per segment, month)
 * it started in, with the same key and `returning` flag ingest gives it (visitor-sketch-deltas.ts):
 * the densified sketches are what ingesting the copies would have stored.
 */
function addCopiedVisitors(db: Db, factor: number): number {
  interface Row {
    site_id: string;
    session_id: string;
    visitor_id: string | null;
    first_ts: number;
    device: string;
    browser: string;
    language: string;
    returning: number;
  }
  const overall = new Map<string, { key: (string | number)[]; visitors: VisitorSketch; returning: VisitorSketch }>();
  const segments = new Map<string, { key: (string | number)[]; visitors: VisitorSketch; returning: VisitorSketch }>();
  const loadOverall = db.prepare(
    'SELECT visitors, "returning" FROM visitor_sketches WHERE site_id = ? AND tier = ? AND start = ?',
  );
  const loadSegment = db.prepare(
    'SELECT visitors, "returning" FROM visitor_segment_sketches WHERE site_id = ? AND tier = ? AND start = ? AND device = ? AND browser = ? AND language = ?',
  );
  const add = (
    into: typeof overall,
    load: BetterSqlite3.Statement,
    key: (string | number)[],
    hash: number,
    returning: boolean,
  ) => {
    const id = key.join('\u0001');
    let x = into.get(id);
    if (!x) {
      const row = load.get(...key) as { visitors: Buffer; returning: Buffer } | undefined;
      x = { key, visitors: VisitorSketch.decode(row?.visitors), returning: VisitorSketch.decode(row?.returning) };
      into.set(id, x);
    }
    x.visitors.add(hash);
    if (returning) x.returning.add(hash);
  };
  const sessions = db
    .prepare(
      'SELECT site_id, session_id, visitor_id, first_ts, device, browser, language, "returning" FROM src.sessions ORDER BY first_ts',
    )
    .iterate() as IterableIterator<Row>;
  for (const s of sessions) {
    const hour = hourOf(s.first_ts);
    const day = dayOf(hour);
    for (let copy = 1; copy < factor; copy++) {
      const key =
        s.visitor_id === null ? `session:${suffix(s.session_id, copy)}` : `visitor:${suffix(s.visitor_id, copy)}`;
      const hash = hashVisitor(key);
      const returning = s.visitor_id !== null && s.returning === 1;
      add(overall, loadOverall, [s.site_id, 'hour', hour], hash, returning);
      add(overall, loadOverall, [s.site_id, 'day', day], hash, returning);
      for (const [tier, start] of [
        ['hour', hour],
        ['day', day],
        ['month', monthOf(hour)],
      ] as const)
        add(segments, loadSegment, [s.site_id, tier, start, s.device, s.browser, s.language], hash, returning);
    }
  }
  const saveOverall = db.prepare(
    'INSERT INTO visitor_sketches (site_id, tier, start, visitors, "returning") VALUES (?, ?, ?, ?, ?) ' +
      'ON CONFLICT (site_id, tier, start) DO UPDATE SET visitors = excluded.visitors, "returning" = excluded."returning"',
  );
  const saveSegment = db.prepare(
    'INSERT INTO visitor_segment_sketches (site_id, tier, start, device, browser, language, visitors, "returning") ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (site_id, tier, start, device, browser, language) ' +
      'DO UPDATE SET visitors = excluded.visitors, "returning" = excluded."returning"',
  );
  for (const x of overall.values()) saveOverall.run(...x.key, x.visitors.encode(), x.returning.encode());
  for (const x of segments.values()) saveSegment.run(...x.key, x.visitors.encode(), x.returning.encode());
  return overall.size + segments.size;
}

/**
 * Writes `to`: the database `from` with every visitor-level row repeated `factor` − 1 more times
 * under fresh ids (same times, paths, segments and answers), and every derived table holding what
 * ingest would have written for the denser data. `from` is only read.
 */
export function densifyDatabase(opts: DensifyOptions): DensifyResult {
  const { from, to, factor } = opts;
  const log = opts.log ?? (() => {});
  if (!Number.isSafeInteger(factor) || factor < 2 || factor > MAX_FACTOR)
    throw new Error(`--factor must be a whole number from 2 to ${MAX_FACTOR}, got ${factor}`);
  if (existsSync(to)) throw new Error(`${to} exists: the densifier writes a new file`);
  const t0 = performance.now();
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    const problems = check(source);
    if (problems.length > 0) throw new Error(`refusing ${from}:\n  ${problems.join('\n  ')}`);
    log(`copying ${from} to ${to}`);
    source.prepare('VACUUM INTO ?').run(to);
  } finally {
    source.close();
  }

  const db = new Database(to);
  let copiedRows = 0;
  let tables = 0;
  try {
    // A fresh file of its own: a failed run deletes it, so no journal is worth its cost here.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -2000000');
    db.prepare('ATTACH DATABASE ? AS src').run(from);
    db.function('densify_uuid', { deterministic: true }, (id, copy) => turnUuid(id as string | null, copy as number));
    db.function('densify_sample_level', { deterministic: true }, (id) => sessionSampleLevel(id as string));
    db.function('densify_identify', { deterministic: true }, (payload, copy) =>
      identifyPayload(payload as string, copy as number),
    );
    db.exec('CREATE TEMP TABLE copies (c INTEGER PRIMARY KEY)');
    const addCopy = db.prepare('INSERT INTO temp.copies (c) VALUES (?)');
    for (let c = 1; c < factor; c++) addCopy.run(c);

    const present = db
      .prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    for (const table of present) {
      if (isSqliteInternal(table)) continue;
      const rule = TABLES[table]!;
      const t1 = performance.now();
      const rows = db.transaction(() => {
        switch (rule.kind) {
          case 'config':
          case 'backfill-state':
            return undefined;
          case 'raw':
          case 'per-session':
          case 'per-visitor':
          case 'per-customer': {
            const n = copyRows(db, table, rule);
            copiedRows += n;
            return `${n.toLocaleString('en-US')} rows copied`;
          }
          case 'counter':
            return `${multiply(db, table, factor).toLocaleString('en-US')} counters × ${factor}`;
          case 'histogram':
            return `${multiplyHistograms(db, table, factor).toLocaleString('en-US')} histograms × ${factor}`;
          case 'sketch':
            // Both sketch tables are filled from the sessions in one pass.
            return table === 'visitor_sketches'
              ? `${addCopiedVisitors(db, factor)} sketches merged`
              : 'merged with visitor_sketches';
          case 'rebuilt':
            db.prepare('DELETE FROM settings WHERE key = ?').run(rule.doneKey);
            return `${db.prepare(`DELETE FROM ${table}`).run().changes} rows dropped, refilled on the next open`;
        }
      })();
      if (rows === undefined) continue;
      tables++;
      log(`${table}: ${rows} (${((performance.now() - t1) / 1000).toFixed(1)} s)`);
    }
    db.exec('DETACH DATABASE src');
    // The planner's statistics, if the source kept them, describe the denser tables too.
    if (present.includes('sqlite_stat1')) {
      const t1 = performance.now();
      db.exec('PRAGMA analysis_limit = 1000; ANALYZE');
      log(`ANALYZE (${((performance.now() - t1) / 1000).toFixed(1)} s)`);
    }
    db.close();
  } catch (err) {
    db.close();
    rmSync(to, { force: true });
    throw err;
  }
  return { tables, copiedRows, seconds: (performance.now() - t0) / 1000 };
}
