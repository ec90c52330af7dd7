import { describe, expect, it } from 'vitest';
import { toPostgresSql } from '../src/db/postgres/postgres-dialect.js';

// The rewrites of SQLite's spellings that the read routes' SQL uses (postgres-parity.test.ts runs
// them on a real PostgreSQL): each is exact for its form and leaves other texts alone.

describe('toPostgresSql', () => {
  it('spells instr and char(N) as PostgreSQL does', () => {
    expect(toPostgresSql('SELECT instr(loupe_fold(c), ?) > 0, loupe_instr(x)')).toBe(
      'SELECT strpos(loupe_fold(c), ?) > 0, loupe_instr(x)',
    );
    expect(toPostgresSql('coalesce(s.visitor_id, char(1) || s.session_id)')).toBe(
      'coalesce(s.visitor_id, chr(1) || s.session_id)',
    );
  });

  it('turns CROSS JOIN … ON into an inner join, and leaves a CROSS JOIN without ON', () => {
    expect(toPostgresSql('FROM (SELECT 1) s\nCROSS JOIN session_traits t ON t.a = s.a')).toBe(
      'FROM (SELECT 1) s\nJOIN session_traits t ON t.a = s.a',
    );
    expect(toPostgresSql('FROM r CROSS JOIN x AS y ON y.a = r.a')).toBe('FROM r JOIN x AS y ON y.a = r.a');
    expect(toPostgresSql('FROM r CROSS JOIN daily WHERE site_id = ?')).toBe(
      'FROM r CROSS JOIN daily WHERE site_id = ?',
    );
  });

  it('quotes camelCase aliases, not types or lower-case aliases', () => {
    expect(toPostgresSql('SELECT created_at AS createdAt, CAST(x AS INTEGER), y AS key, z AS "doneAt"')).toBe(
      'SELECT created_at AS "createdAt", CAST(x AS INTEGER), y AS key, z AS "doneAt"',
    );
  });

  it('reads COLLATE BINARY (byte order) as COLLATE "C"', () => {
    expect(toPostgresSql('ORDER BY key COLLATE BINARY, k collate binary DESC')).toBe(
      'ORDER BY key COLLATE "C", k COLLATE "C" DESC',
    );
  });

  it("reads an answer trait's text off loupe_json_each's value", () => {
    expect(
      toPostgresSql(
        "SELECT CASE t.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(t.value AS TEXT) END FROM x",
      ),
    ).toBe('SELECT t.value FROM x');
  });
});
