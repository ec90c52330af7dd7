import { describe, expect, it } from 'vitest';
import { CONNECT_TIMEOUT_S, libpqConninfo } from '../src/db/postgres/open-postgres-database.js';

const params = (conninfo: string) => new URL(conninfo).searchParams;

describe("libpq's connection string", () => {
  it('bounds the wait for a connection unless the URL sets its own', () => {
    expect(params(libpqConninfo('postgres://u:p@db.example:5432/loupe', 'loupe')).get('connect_timeout')).toBe(
      String(CONNECT_TIMEOUT_S),
    );
    expect(
      params(libpqConninfo('postgres://u:p@db.example:5432/loupe?connect_timeout=3', 'loupe')).get('connect_timeout'),
    ).toBe('3');
  });

  it("keeps the URL's application_name, else names the connection", () => {
    expect(params(libpqConninfo('postgres://u@h/db', 'loupe-writer')).get('application_name')).toBe('loupe-writer');
    expect(params(libpqConninfo('postgres://u@h/db?application_name=mine', 'loupe')).get('application_name')).toBe(
      'mine',
    );
  });
});
