import type Database from 'better-sqlite3';

/**
 * `make(db)` once per database connection, remembered for as long as the connection lives: the
 * prepared statements of a derivation or store, which the writer would otherwise prepare again on
 * every commit. Weakly keyed, so a closed and dropped connection takes its statements with it.
 */
export function perDatabase<T>(make: (db: Database.Database) => T): (db: Database.Database) => T {
  const made = new WeakMap<Database.Database, T>();
  return (db) => {
    let value = made.get(db);
    if (value === undefined) {
      value = make(db);
      made.set(db, value);
    }
    return value;
  };
}
