import { parseArgs } from 'node:util';
import {
  ConfigError,
  type CopyProgress,
  copySqliteToPostgres,
  DEFAULT_CHUNK_ROWS,
  type DatabaseConfig,
  loadDatabaseConfig,
  redactedUrl,
  SourceError,
  TargetRefusedError,
} from '@loupe/server';
import type { CliIo } from '../cli/cli-io.js';

/** The exit codes, as docs/postgresql.md lists them. */
export const EXIT = { copied: 0, failed: 1, usage: 2, refused: 3, differs: 4 } as const;

/**
 * Test hook: after this many committed chunks the copy prints PAUSED_MARKER and waits to be killed,
 * so a test can kill it mid-copy at a known point instead of guessing with a sleep.
 */
export const PAUSE_ENV = 'LOUPE_MIGRATE_DATA_PAUSE_AFTER_CHUNKS';
export const PAUSED_MARKER = 'paused for the test hook';

const USAGE = `Usage: npm run -s migrate-data -- --from SQLITE_FILE --to POSTGRES_URL [--chunk-rows N]

Copies every table of a Loupe SQLite database into a PostgreSQL database, then verifies that each
table has the same rows on both sides (count and content digest). The target is migrated first,
and must be empty or hold an earlier copy of this same file: a run that stopped resumes where it
was, and a finished copy is only verified again. The SQLite file is opened read-only; stop the
server while copying.

Options:
  --from SQLITE_FILE   the SQLite database (a path or file: URL)
  --to POSTGRES_URL    the target (postgres://user:password@host:5432/database)
  --chunk-rows N       rows per transaction (default ${DEFAULT_CHUNK_ROWS}, 1-100000)
  -h, --help           show this help

Exit codes: 0 copied and verified; 1 failed (rerun to resume); 2 usage mistake;
3 target refused (it holds other data); 4 copied, but the verification found differences.`;

/** `npm run -s migrate-data -- …` with `argv`: its exit code (EXIT). */
export async function runMigrateDataCli(argv: string[], io: CliIo): Promise<number> {
  const usage = (problem: string): number => {
    io.stderr(`error: ${problem}\n\n${USAGE}\n`);
    return EXIT.usage;
  };
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        'chunk-rows': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return usage((err as Error).message);
  }
  if (values.help) {
    io.stdout(`${USAGE}\n`);
    return EXIT.copied;
  }
  if (values.from === undefined) return usage('--from is required (the SQLite file to copy)');
  if (values.to === undefined) return usage('--to is required (the PostgreSQL URL to copy into)');
  const chunk = values['chunk-rows'] ?? String(DEFAULT_CHUNK_ROWS);
  if (!/^\d+$/.test(chunk) || Number(chunk) < 1 || Number(chunk) > 100_000) {
    return usage('--chunk-rows takes a whole number from 1 to 100000');
  }
  const from = location('--from', values.from);
  if (typeof from === 'string') return usage(from);
  if (from.kind !== 'sqlite' || from.path === ':memory:') return usage('--from takes a SQLite file, not a URL');
  const to = location('--to', values.to);
  if (typeof to === 'string') return usage(to);
  if (to.kind !== 'postgres') return usage('--to takes a postgres:// URL');

  const pauseAfter = Number(io.env[PAUSE_ENV] ?? 0);
  const target = redactedUrl(to.url);
  try {
    const result = await copySqliteToPostgres({
      from: from.path,
      to: to.url,
      chunkRows: Number(chunk),
      onProgress: async (p) => {
        io.stderr(`${progressLine(p)}\n`);
        if (p.kind === 'chunk' && p.chunks === pauseAfter) {
          io.stderr(`${PAUSED_MARKER}\n`);
          // Until the test kills the process; the interval keeps Node from exiting on an empty loop.
          await new Promise(() => setInterval(() => {}, 60_000));
        }
      },
    });
    const differ = result.mismatches.map((m) => m.table);
    for (const m of result.mismatches) {
      io.stderr(
        `differs: ${m.table}: ${m.source.rows} rows in the source, ${m.target.rows} in the target` +
          `${m.source.rows === m.target.rows ? ' (same count, different content)' : ''}\n`,
      );
    }
    const { resumed, migrationsApplied, tables, rows, copied } = result;
    io.stdout(
      `${JSON.stringify({ from: from.path, to: target, resumed, migrationsApplied, tables, rows, copied, verified: differ.length === 0, differ })}\n`,
    );
    return differ.length === 0 ? EXIT.copied : EXIT.differs;
  } catch (err) {
    if (err instanceof TargetRefusedError) {
      io.stderr(`error: refused ${target}: ${err.message}\n`);
      return EXIT.refused;
    }
    const what = err instanceof SourceError ? 'cannot read the source' : `cannot copy into ${target}`;
    io.stderr(`error: ${what}: ${(err as Error).message}\n`);
    return EXIT.failed;
  }
}

/** A --from/--to value read as LOUPE_DB would be, or why it is not one. */
function location(option: string, value: string): DatabaseConfig | string {
  try {
    return loadDatabaseConfig({ LOUPE_DB: value });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return `${option} ${err.message.replace(/^[^\n]*\n\s*LOUPE_DB: /, '')}`;
  }
}

function progressLine(p: CopyProgress): string {
  switch (p.kind) {
    case 'migrated':
      return `target migrated (${p.applied} migrations applied); ${p.resumed ? 'continuing the copy of this file begun before' : 'copying'}`;
    case 'chunk':
      return `${p.table}: ${p.rows}/${p.of} rows`;
    case 'verifying':
      return `verifying ${p.tables} tables`;
  }
}
