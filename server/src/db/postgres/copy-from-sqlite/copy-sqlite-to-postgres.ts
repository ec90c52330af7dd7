import pg from 'pg';
import { monthStart } from '../event-partitions.js';
import { migratePostgres } from '../migrate-postgres.js';
import { connectionConfig } from '../postgres-connection.js';
import { copyPlan, type TableCopy } from './copy-plan.js';
import { copyTable } from './copy-table.js';
import { claimTarget, lockTarget, readProgress } from './copy-target.js';
import { openSqliteSource, sourceIdentity, sqliteSequence } from './sqlite-source.js';
import { postgresDigest, sqliteDigest, type TableDigest } from './table-digest.js';

/** Rows per chunk (one transaction each) unless told otherwise. */
export const DEFAULT_CHUNK_ROWS = 5_000;

export type CopyProgress =
  | { kind: 'migrated'; applied: number; resumed: boolean }
  | { kind: 'chunk'; table: string; rows: number; of: number; chunks: number }
  | { kind: 'verifying'; tables: number };

export interface CopySqliteToPostgresOptions {
  /** The SQLite file; opened read-only. */
  from: string;
  /** The PostgreSQL URL. */
  to: string;
  chunkRows?: number;
  now?: number;
  /** Awaited after each step; `chunks` counts the chunks this run has committed. */
  onProgress?(progress: CopyProgress): Promise<void> | void;
}

export interface TableMismatch {
  table: string;
  source: TableDigest;
  target: TableDigest;
}

export interface CopyResult {
  /** A copy an earlier run had begun (or finished) was continued. */
  resumed: boolean;
  migrationsApplied: number;
  tables: number;
  /** Rows in the source, all tables. */
  rows: number;
  /** Rows this run wrote (0 when an earlier run had copied everything). */
  copied: number;
  /** Tables whose row count or content digest differ between source and target: none when the copy is whole. */
  mismatches: TableMismatch[];
}

/**
 * Copies a Loupe SQLite database into PostgreSQL: migrates the target, claims it for this source
 * (refusing one with other data), copies every table in key order in resumable chunks, sets the
 * identity columns' sequences past the copied ids, and verifies every table's row count and
 * content digest on both sides. Safe to run again: a finished copy is verified, an unfinished one
 * resumed. The source is only read. docs/postgresql.md describes it for operators.
 */
export async function copySqliteToPostgres(options: CopySqliteToPostgresOptions): Promise<CopyResult> {
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  const report = async (p: CopyProgress) => options.onProgress?.(p);
  const plan = copyPlan();
  const source = openSqliteSource(options.from, plan);
  try {
    const identity = sourceIdentity(source);
    const { applied } = await migratePostgres(options.to);
    const client = new pg.Client(
      connectionConfig(options.to, { applicationName: 'loupe-migrate-data', statementTimeoutMs: 0 }),
    );
    // A connection lost mid-copy fails the query under way; without a listener it would also end the process.
    client.on('error', () => {});
    await client.connect();
    try {
      await lockTarget(client);
      const { resumed } = await claimTarget(client, plan, identity, options.now ?? Date.now());
      await report({ kind: 'migrated', applied, resumed });

      const progress = await readProgress(client);
      const months = new Set<number>();
      const ensureMonths = async (clientTs: number[]) => {
        for (const start of new Set(clientTs.map((ts) => monthStart(ts)))) {
          if (months.has(start)) continue;
          await client.query('SELECT events_month_partition($1)', [start]);
          months.add(start);
        }
      };
      let rows = 0;
      let copied = 0;
      let chunks = 0;
      for (const table of plan) {
        const of = sourceRows(source, table);
        rows += of;
        copied += await copyTable(source, client, table, {
          chunkRows,
          progress: progress.get(table.name),
          ensureMonths,
          onChunk: (done) => report({ kind: 'chunk', table: table.name, rows: done, of, chunks: ++chunks }),
        });
      }
      await setIdentities(source, client);
      // A bulk copy leaves the planner's statistics empty until autovacuum gets to each table
      // (minutes on a busy server): reads served meanwhile would plan over tables it thinks empty.
      await client.query('ANALYZE');

      await report({ kind: 'verifying', tables: plan.length });
      const mismatches: TableMismatch[] = [];
      for (const table of plan) {
        const [s, t] = [sqliteDigest(source, table), await postgresDigest(client, table)];
        if (s.rows !== t.rows || s.sha256 !== t.sha256) mismatches.push({ table: table.name, source: s, target: t });
      }
      return { resumed, migrationsApplied: applied, tables: plan.length, rows, copied, mismatches };
    } finally {
      await client.end().catch(() => {});
    }
  } finally {
    source.close();
  }
}

function sourceRows(source: ReturnType<typeof openSqliteSource>, table: TableCopy): number {
  const row = source.prepare(`SELECT count(*) AS n FROM "${table.name}"`).get() as { n: bigint };
  return Number(row.n);
}

/**
 * Each identity column's sequence (audit_log, webhook_deliveries, funnel_keys) continues after the
 * highest id SQLite handed out, deleted rows' included (sqlite_sequence), so no id is reused. A
 * sequence already past that is left alone: it never moves back, and a rerun changes nothing.
 */
async function setIdentities(source: ReturnType<typeof openSqliteSource>, client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ table_name: string; column_name: string; sequence: string }>(
    `SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) AS sequence
     FROM information_schema.columns WHERE table_schema = 'public' AND is_identity = 'YES' ORDER BY table_name`,
  );
  for (const { table_name: table, column_name: column, sequence } of rows) {
    const [max] = (
      await client.query<{ max: string | null }>(
        `SELECT max(${client.escapeIdentifier(column)})::text AS max FROM ${client.escapeIdentifier(table)}`,
      )
    ).rows;
    const last = [BigInt(max?.max ?? 0), sqliteSequence(source, table)].reduce((a, b) => (a > b ? a : b));
    // A sequence can be read as a one-row table; `sequence` is already quoted by pg_get_serial_sequence.
    const [state] = (
      await client.query<{ last: string; called: boolean }>(
        `SELECT last_value::text AS last, is_called AS called FROM ${sequence}`,
      )
    ).rows;
    const next = BigInt(state!.last) + (state!.called ? 1n : 0n);
    if (last > 0n && next <= last) await client.query('SELECT setval($1, $2, true)', [sequence, last.toString()]);
  }
}
