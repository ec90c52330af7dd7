import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseOpenError } from '../src/db/database-open-error.js';
import { openDatabase } from '../src/db/open-database.js';

// Every way LOUPE_DB can point at something unusable ends in one message that names LOUPE_DB and
// the path and says what to do. (Read-only files: scripts/test/server-process.test.ts, which can
// run the server as another user; root may write any file.)

const dir = mkdtempSync(path.join(os.tmpdir(), 'loupe-db-open-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function openError(file: string): DatabaseOpenError {
  try {
    openDatabase(file).$client.close();
  } catch (err) {
    expect(err).toBeInstanceOf(DatabaseOpenError);
    const message = (err as Error).message;
    expect(message).toContain(`LOUPE_DB=${file}`);
    return err as DatabaseOpenError;
  }
  throw new Error(`${file} opened`);
}

describe('opening LOUPE_DB', () => {
  it('under a file: names the file in the way', () => {
    writeFileSync(path.join(dir, 'plain'), 'x');
    expect(openError(path.join(dir, 'plain', 'loupe.db')).message).toContain(
      `${path.join(dir, 'plain')} is a file, not a folder`,
    );
    expect(openError(path.join(dir, 'plain', 'deeper', 'loupe.db')).message).toContain(
      `${path.join(dir, 'plain')} is a file`,
    );
  });

  it('a folder: says to name the file inside it', () => {
    mkdirSync(path.join(dir, 'folder'));
    expect(openError(path.join(dir, 'folder')).message).toContain(`e.g. ${path.join(dir, 'folder', 'loupe.db')}`);
  });

  it('a file that is not a database: says so and leaves it alone', () => {
    const file = path.join(dir, 'notes.txt');
    const text = 'not a database, but far longer than a SQLite header would be. '.repeat(20);
    writeFileSync(file, text);
    expect(openError(file).message).toContain('not a SQLite database');
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('opens a new file and an existing database', () => {
    const file = path.join(dir, 'new', 'loupe.db');
    openDatabase(file).$client.close();
    const db = openDatabase(file);
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    db.$client.close();
  });
});
