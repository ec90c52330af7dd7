import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import type Database from 'better-sqlite3';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncPostgres } from '../src/db/postgres/sync-postgres.js';
import { translatePlaceholders } from '../src/db/postgres/translate-placeholders.js';
import { type FreshDatabase, freshPostgresDatabase } from './helpers/postgres-database.js';

// The synchronous PostgreSQL connection with better-sqlite3's shape, on a real server: each test
// states what better-sqlite3 does on SQLite and asserts the facade does the same.

describe('translatePlaceholders', () => {
  it('numbers ?, ?NNN, @name and :name; a name used twice binds one parameter', () => {
    expect(translatePlaceholders('SELECT ? , ?, @a, :b, @a')).toEqual({
      text: 'SELECT $1 , $2, $3, $4, $3',
      sources: [0, 1, 'a', 'b'],
    });
    expect(translatePlaceholders('SELECT ?2, ?1, ?')).toEqual({ text: 'SELECT $1, $2, $3', sources: [1, 0, 2] });
  });

  it('leaves string literals, quoted identifiers, comments and :: casts alone', () => {
    const sql = `SELECT 'it''s ? @x', "col?:y" -- what ? @z\n, x::int /* ? :w */ FROM t WHERE a = ?`;
    expect(translatePlaceholders(sql)).toEqual({
      text: `SELECT 'it''s ? @x', "col?:y" -- what ? @z\n, x::int /* ? :w */ FROM t WHERE a = $1`,
      sources: [0],
    });
  });
});

describe('SyncPostgres on a real PostgreSQL', () => {
  let database: FreshDatabase;
  let db: SyncPostgres;

  beforeAll(async () => {
    database = await freshPostgresDatabase({ schema: 'empty' });
    db = new SyncPostgres(database.url);
    db.exec(`CREATE TABLE t (id int8 PRIMARY KEY, name text UNIQUE, score float8, ok boolean, doc json,
      hist jsonb, data bytea)`);
  }, 60_000);
  afterAll(async () => {
    db?.close();
    await database?.drop();
  });

  it('binds arguments, spread arrays and named objects; run() counts changed rows', () => {
    const insert = db.prepare('INSERT INTO t (id, name, score) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING');
    expect(insert.run(1, 'one', 1.5).changes).toBe(1);
    expect(insert.run([2, 'two', null]).changes).toBe(1);
    expect(insert.run(1, 'again', 0).changes).toBe(0);
    expect(db.prepare('UPDATE t SET score = @s WHERE id >= :min').run({ s: 2.25, min: 1 }).changes).toBe(2);
    expect(() => insert.run(3, 'three')).toThrow(/Too few parameter values/);
  });

  it('returns numbers for int8 and numeric, text for json and jsonb, 1/0 for booleans, Buffers for bytea', () => {
    db.prepare('INSERT INTO t (id, name, ok, doc, hist, data) VALUES (?, ?, ?, ?, ?, ?)').run(
      10,
      'typed',
      true,
      '{"b": 1, "a": [2]}',
      '{"k": 3}',
      Buffer.from([0, 255, 7]),
    );
    const row = db.prepare('SELECT id, ok, doc, hist, data, score FROM t WHERE id = ?').get(10);
    expect(row).toEqual({
      id: 10,
      ok: 1,
      doc: '{"b": 1, "a": [2]}',
      hist: '{"k": 3}',
      data: Buffer.from([0, 255, 7]),
      score: null,
    });
    // SUM(int8) is numeric and count(*) is int8 in PostgreSQL: both numbers here, as on SQLite.
    expect(db.prepare('SELECT sum(id) AS s, count(*) AS n, avg(id) AS a FROM t WHERE id IN (1, 2)').get()).toEqual({
      s: 3,
      n: 2,
      a: 1.5,
    });
  });

  it('pluck(), raw(), iterate() and get() of no row behave as better-sqlite3', () => {
    expect(db.prepare('SELECT name FROM t WHERE id IN (1, 2) ORDER BY id').pluck().all()).toEqual(['one', 'two']);
    expect(db.prepare('SELECT id, name FROM t WHERE id = 1').raw().get()).toEqual([1, 'one']);
    expect([...db.prepare('SELECT id FROM t WHERE id < 3 ORDER BY id').pluck().iterate()]).toEqual([1, 2]);
    expect(db.prepare('SELECT id FROM t WHERE id = -1').get()).toBeUndefined();
  });

  it('commits a transaction, rolls it back when the function throws, and nests with savepoints', () => {
    const insert = db.prepare('INSERT INTO t (id, name) VALUES (?, ?)');
    const count = db.prepare('SELECT count(*) FROM t WHERE id BETWEEN 100 AND 199').pluck();
    db.transaction(() => insert.run(100, 'a'))();
    expect(() =>
      db.transaction(() => {
        insert.run(101, 'b');
        throw new Error('no');
      })(),
    ).toThrow('no');
    expect(count.get()).toBe(1);
    db.transaction(() => {
      insert.run(102, 'c');
      // The inner failure is rolled back to its savepoint; the outer transaction goes on and commits.
      expect(() => db.transaction(() => insert.run(103, 'a'))()).toThrow();
      insert.run(104, 'd');
    }).immediate();
    expect(count.get()).toBe(3);
    expect(db.inTransaction).toBe(false);
  });

  it("names a unique violation SQLITE_CONSTRAINT_UNIQUE, better-sqlite3's code", () => {
    let code: string | undefined;
    try {
      db.prepare('INSERT INTO t (id, name) VALUES (?, ?)').run(200, 'one');
    } catch (err) {
      code = (err as { code?: string }).code;
    }
    expect(code).toBe('SQLITE_CONSTRAINT_UNIQUE');
  });

  it("carries drizzle's better-sqlite3 driver: inserts, updates and selects with SQLite's schema", () => {
    db.exec('CREATE TABLE notes (key text PRIMARY KEY, n int8 NOT NULL, tags json)');
    const notes = sqliteTable('notes', {
      key: text('key').primaryKey(),
      n: integer('n').notNull(),
      tags: text('tags', { mode: 'json' }).$type<string[]>(),
    });
    const orm = drizzle(db as unknown as Database.Database);
    orm
      .insert(notes)
      .values({ key: 'a', n: 1, tags: ['x', 'y'] })
      .run();
    orm
      .insert(notes)
      .values({ key: 'a', n: 5 })
      .onConflictDoUpdate({ target: notes.key, set: { n: 7 } })
      .run();
    expect(orm.select().from(notes).where(eq(notes.key, 'a')).get()).toEqual({ key: 'a', n: 7, tags: ['x', 'y'] });
    expect(orm.transaction((tx) => tx.select({ n: notes.n }).from(notes).all())).toEqual([{ n: 7 }]);
  });
});
