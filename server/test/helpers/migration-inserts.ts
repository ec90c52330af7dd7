import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The INSERT statements (with or without a leading WITH) of the migration named `name` (its
 * backfill, appended by hand to the generated file), in the engine's own dialect: what
 * counts-equal-recount tests run afresh.
 */
export function migrationInserts(name: string, postgres: boolean): string[] {
  return migrationStatements(name, postgres).filter((s) => /^(INSERT|WITH)\b/.test(s));
}

/**
 * The backfill of the migration named `name` (its statements other than the schema's: the INSERTs,
 * and the functions they call created and dropped around them), to run afresh with `exec`.
 */
export function migrationBackfill(name: string, postgres: boolean): string[] {
  return migrationStatements(name, postgres).filter(
    (s) => !/^(CREATE|ALTER|DROP) (TABLE|UNIQUE INDEX|INDEX)\b/.test(s),
  );
}

/** The statements of a migration, comments out. */
export function migrationStatements(name: string, postgres: boolean): string[] {
  const dir = path.join(import.meta.dirname, postgres ? '../../drizzle-pg' : '../../drizzle');
  const file = readdirSync(dir).find((f) => f.replace(/^\d{4}_/, '') === `${name}.sql`)!;
  return readFileSync(path.join(dir, file), 'utf8')
    .split('--> statement-breakpoint')
    .map((s) => s.replace(/^--.*$/gm, '').trim());
}

/**
 * The UPDATE statements of the migration named `name` that set columns of `table` and its daily and
 * monthly tiers (a counter added later, recounted from the stored rows), in file order.
 */
export function migrationUpdates(name: string, table: string, postgres: boolean): string[] {
  const q = postgres ? '"' : '`';
  const targets = ['', '_daily', '_monthly'].map((grain) => `UPDATE ${q}${table}${grain}${q} `);
  return migrationStatements(name, postgres).filter((s) => targets.some((t) => s.startsWith(t)));
}
