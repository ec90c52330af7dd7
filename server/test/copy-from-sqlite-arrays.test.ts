import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CopyColumn, PgColumnType, TableCopy } from '../src/db/postgres/copy-from-sqlite/copy-plan.js';
import { copyTable } from '../src/db/postgres/copy-from-sqlite/copy-table.js';
import { claimTarget, readProgress } from '../src/db/postgres/copy-from-sqlite/copy-target.js';
import { postgresDigest, sqliteDigest } from '../src/db/postgres/copy-from-sqlite/table-digest.js';
import { type FreshDatabase, freshPostgresDatabase } from './helpers/postgres-database.js';

// migrate-data's chunk writer on a real PostgreSQL: each column's values travel as one array
// literal (column-arrays.ts) and unnest makes them rows again. Generated values of every column
// type (quotes, backslashes, braces, commas, the text NULL, empty strings, any Unicode, binary,
// extreme numbers) must arrive as SQLite holds them, in a table wider than a function's 100
// arguments, with a chunk of more values than the 65,535 parameters a statement could carry.

const TYPES: PgColumnType[] = ['bigint', 'text', 'json', 'jsonb', 'bytea', 'double precision', 'boolean'];
const SQLITE_TYPE: Record<PgColumnType, string> = {
  bigint: 'INTEGER',
  text: 'TEXT',
  json: 'TEXT',
  jsonb: 'TEXT',
  bytea: 'BLOB',
  'double precision': 'REAL',
  boolean: 'INTEGER',
};
const COLUMNS = 110;
const ROWS = 700;
/** 650 rows × 110 columns = 71,500 values in the first chunk, past the old 65,535-parameter limit. */
const CHUNK_ROWS = 650;

// PostgreSQL's text and jsonb cannot hold U+0000 (nor could they before): SQLite's files never do.
const noNul = (s: string) => !s.includes('\u0000');
const text = fc.oneof(
  fc.constantFrom(
    '',
    'NULL',
    'null',
    '{}',
    '{a,b}',
    '"',
    '\\',
    '\\"',
    ',',
    ' spaced ',
    'tab\there',
    'line\nbreak',
    'é ☃ 𝄞',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }).filter(noNul),
);
const json = fc.json({ maxDepth: 3 }).filter(noNul);
const value: Record<PgColumnType, fc.Arbitrary<unknown>> = {
  bigint: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  text,
  json,
  jsonb: json,
  bytea: fc.uint8Array({ maxLength: 24 }).map((a) => Buffer.from(a)),
  'double precision': fc.oneof(
    fc.double({ noNaN: true }),
    fc.constantFrom(Number.MAX_VALUE, Number.MIN_VALUE, -1e-300, 1e21, 0.1),
  ),
  boolean: fc.constantFrom(0n, 1n),
};

const columns: CopyColumn[] = Array.from({ length: COLUMNS }, (_, i) => ({
  name: i === 0 ? 'id' : `c${i}_${TYPES[i % TYPES.length]!.replace(' ', '_')}`,
  type: i === 0 ? 'bigint' : TYPES[i % TYPES.length]!,
}));
const table: TableCopy = { name: 'wide_copy', columns, key: [columns[0]!], derived: [] };

describe('copying a chunk as one array per column', { timeout: 120_000 }, () => {
  let dir: string;
  let source: Database.Database;
  let database: FreshDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-copy-arrays-'));
    source = new Database(path.join(dir, 'source.db'));
    source.defaultSafeIntegers(true);
    const list = columns.map((c, i) => `"${c.name}" ${SQLITE_TYPE[c.type]}${i === 0 ? ' PRIMARY KEY' : ''}`);
    source.exec(`CREATE TABLE wide_copy (${list.join(', ')})`);
    const insert = source.prepare(`INSERT INTO wide_copy VALUES (${columns.map(() => '?').join(', ')})`);
    // About one value in six NULL; ids ascending with gaps, the last 2^63 - 1.
    const rows = fc.sample(fc.tuple(...columns.slice(1).map((c) => fc.option(value[c.type], { freq: 5 }))), {
      numRuns: ROWS,
      seed: 20261206,
    });
    source.transaction(() => {
      rows.forEach((row, r) => {
        insert.run(r === ROWS - 1 ? 2n ** 63n - 1n : BigInt(r * 3 + 1), ...row);
      });
    })();

    database = await freshPostgresDatabase({ schema: 'empty' });
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(
      `CREATE TABLE wide_copy (${columns.map((c, i) => `"${c.name}" ${c.type}${i === 0 ? ' PRIMARY KEY' : ''}`).join(', ')})`,
    );
    await claimTarget(client, [table], { identity: 'test', sites: 0 }, 0);
  }, 120_000);
  afterAll(async () => {
    await client?.end();
    await database?.drop();
    source?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes every value as SQLite holds it, in chunks past the old parameter limit', async () => {
    const marks: number[] = [];
    const copied = await copyTable(source, client, table, {
      chunkRows: CHUNK_ROWS,
      progress: undefined,
      onChunk: (rows) => void marks.push(rows),
      ensureMonths: async () => {},
    });
    expect(copied).toBe(ROWS);
    expect(marks).toEqual([CHUNK_ROWS, ROWS]);
    expect((await readProgress(client)).get('wide_copy')).toMatchObject({ rows: ROWS, done: true });

    // Compared here value by value, not through the copy's own digest.
    const want = source.prepare(`SELECT * FROM wide_copy ORDER BY id`).all() as Record<string, unknown>[];
    const got = (
      await client.query<Record<string, unknown>>(
        `SELECT ${columns.map((c) => (c.type === 'json' || c.type === 'jsonb' ? `"${c.name}"::text AS "${c.name}"` : `"${c.name}"`)).join(', ')}
         FROM wide_copy ORDER BY id`,
      )
    ).rows;
    expect(got).toHaveLength(ROWS);
    for (let r = 0; r < ROWS; r++) {
      for (const c of columns) {
        const [w, g] = [want[r]![c.name], got[r]![c.name]];
        const where = `row ${r}, ${c.name}`;
        if (w === null) expect([where, g]).toEqual([where, null]);
        else if (c.type === 'bigint') expect([where, g]).toEqual([where, String(w)]);
        else if (c.type === 'boolean') expect([where, g]).toEqual([where, w === 1n]);
        else if (c.type === 'double precision') expect([where, g]).toEqual([where, Number(w) === 0 ? 0 : Number(w)]);
        else if (c.type === 'jsonb') expect([where, JSON.parse(g as string)]).toEqual([where, JSON.parse(w as string)]);
        else expect([where, g]).toEqual([where, w]);
      }
    }
    // The verification agrees, and a rerun of the finished table writes nothing.
    expect(await postgresDigest(client, table)).toEqual(sqliteDigest(source, table));
    const again = await copyTable(source, client, table, {
      chunkRows: CHUNK_ROWS,
      progress: (await readProgress(client)).get('wide_copy'),
      onChunk: () => {},
      ensureMonths: async () => {},
    });
    expect(again).toBe(0);
  });

  it('writes a chunk again without duplicates, as a rerun after a lost progress mark does', async () => {
    await client.query('DELETE FROM wide_copy WHERE id > (SELECT min(id) + 300 FROM wide_copy)');
    const copied = await copyTable(source, client, table, {
      chunkRows: CHUNK_ROWS,
      progress: undefined,
      onChunk: () => {},
      ensureMonths: async () => {},
    });
    expect(copied).toBe(ROWS);
    expect(await postgresDigest(client, table)).toEqual(sqliteDigest(source, table));
  });
});
