import {
  CUBES,
  SEGMENT_CUBES,
  TIERS,
  tierTableName,
  tiersOf,
  type CubeSource,
  type CubeSpec,
  type StoredTier,
} from './cube-specs.js';
import { histogramGroupObject, histogramUpsertSql, type HistogramFormat } from './histogram-sql.js';
import { segmentSourceBackfillStatements } from './segment-source-backfill.js';

// Generates the SQL of migration 0004 (tier tables are created by 0003 from the drizzle schema):
// triggers that keep each cube's daily and monthly tiers equal to the sum of its hourly sources,
// plus a backfill of rows that existed before. A test checks the committed migration still equals
// this output, so specs and migration cannot drift apart.
//
// Triggers (not TypeScript) because they run in C inside the same statement as ingestion's own
// upsert: no extra round trips, no second code path to forget (the seed, the writer and any future
// tool writing hourly rows all keep the tiers right), and the write is atomic with the hourly one.

type Row = 'NEW' | 'OLD';

/** Epoch ms of the hour / UTC day / calendar month containing the hour `h` (an SQL expression). */
export function tierStartSql(h: string, tier: StoredTier): string {
  if (tier === 'hourly') return h;
  return tier === 'daily'
    ? `(${h} - ${h} % 86400000)`
    : `(CAST(strftime('%s', ${h} / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000)`;
}

const whereOf = (source: CubeSource, row: string): string | undefined => source.where?.replaceAll('{row}', row);

function counterValue(source: CubeSource, counter: string, event: 'insert' | 'update' | 'delete'): string {
  if (!source.counters.includes(counter)) return '0';
  if (event === 'insert') return `NEW.${counter}`;
  if (event === 'update') return `NEW.${counter} - OLD.${counter}`;
  return `-OLD.${counter}`;
}

function upsertSql(
  cube: CubeSpec,
  source: CubeSource,
  tier: StoredTier,
  event: 'insert' | 'update' | 'delete',
  format: HistogramFormat,
): string[] {
  const row: Row = event === 'delete' ? 'OLD' : 'NEW';
  const table = tierTableName(cube, tier);
  const dims = cube.dims.map((d) => d.name);
  const start = tierStartSql(`${row}.hour`, tier);
  const keyCols = ['site_id', 'start', ...dims];
  const keyVals = [`${row}.site_id`, start, ...dims.map((d) => `${row}.${d}`)];
  if (cube.histogram) {
    const { bucket, samples } = cube.histogram;
    const delta =
      event === 'insert'
        ? `NEW.${samples}`
        : event === 'update'
          ? `NEW.${samples} - OLD.${samples}`
          : `-OLD.${samples}`;
    return histogramUpsertSql({ table, keyCols, keyVals, bucket: `${row}.${bucket}`, delta }, format);
  }
  const counters = cube.counters.map((c) => c.name);
  const fed = counters.filter((c) => source.counters.includes(c));
  return [
    `INSERT INTO ${table} (${[...keyCols, ...counters].join(', ')}) VALUES (${[
      ...keyVals,
      ...counters.map((c) => counterValue(source, c, event)),
    ].join(', ')}) ON CONFLICT (${keyCols.join(', ')}) DO UPDATE SET ${fed
      .map((c) => `${c} = ${c} + excluded.${c}`)
      .join(', ')};`,
  ];
}

function triggersOf(
  cube: CubeSpec,
  source: CubeSource,
  tiers: readonly StoredTier[],
  suffix: string,
  format: HistogramFormat,
): string[] {
  const out: string[] = [];
  const watched = cube.histogram
    ? [cube.histogram.samples]
    : source.counters.filter((c) => cube.counters.some((k) => k.name === c));
  for (const event of ['insert', 'update', 'delete'] as const) {
    const row: Row = event === 'delete' ? 'OLD' : 'NEW';
    const name = `${cube.name}${suffix}_from_${source.table}_${event}`;
    const on = event === 'update' ? `UPDATE OF ${watched.join(', ')}` : event.toUpperCase();
    const where = whereOf(source, row);
    const body = tiers.flatMap((tier) => upsertSql(cube, source, tier, event, format)).map((s) => `  ${s}`);
    out.push(
      `CREATE TRIGGER ${name} AFTER ${on} ON ${source.table}${where ? ` WHEN ${where}` : ''}\nBEGIN\n${body.join('\n')}\nEND;`,
    );
  }
  return out;
}

function backfillOf(cube: CubeSpec, tier: StoredTier, format: HistogramFormat): string {
  const table = tierTableName(cube, tier);
  const dims = cube.dims.map((d) => d.name);
  const start = tierStartSql('hour', tier);
  if (cube.histogram) {
    const { bucket, samples } = cube.histogram;
    const source = cube.sources[0]!;
    return (
      `INSERT INTO ${table} (site_id, start, ${dims.join(', ')}, hist) ` +
      `SELECT site_id, start, ${dims.join(', ')}, ${histogramGroupObject(format)}(CAST(${bucket} AS TEXT), n) FROM (` +
      `SELECT site_id, ${start} AS start, ${dims.join(', ')}, ${bucket}, SUM(${samples}) AS n FROM ${source.table} ` +
      `GROUP BY site_id, start, ${dims.join(', ')}, ${bucket}) GROUP BY site_id, start, ${dims.join(', ')};`
    );
  }
  const counters = cube.counters.map((c) => c.name);
  const parts = cube.sources.map((s) => {
    const where = whereOf(s, 'src');
    const values = counters.map((c) => (s.counters.includes(c) ? c : `0 AS ${c}`));
    return `SELECT site_id, ${start} AS start, ${dims.join(', ')}, ${values.join(', ')} FROM ${s.table} AS src${where ? ` WHERE ${where}` : ''}`;
  });
  return (
    `INSERT INTO ${table} (site_id, start, ${[...dims, ...counters].join(', ')}) ` +
    `SELECT site_id, start, ${dims.join(', ')}, ${counters.map((c) => `SUM(${c})`).join(', ')} FROM (${parts.join(' UNION ALL ')}) ` +
    `GROUP BY site_id, start, ${dims.join(', ')};`
  );
}

/** The cubes of migrations 0004 and 0007 (every cube but those 0013 added). */
const FIRST_CUBES: readonly CubeSpec[] = Object.values(CUBES).filter((c) => !SEGMENT_CUBES.includes(c));

/** Statements of a tier migration, in order: triggers, then the backfill of existing rows. */
export function cubeMigrationStatements(
  cubes: readonly CubeSpec[] = FIRST_CUBES,
  tiers: readonly StoredTier[] = TIERS,
  suffix = '',
  format: HistogramFormat = 'json',
): string[] {
  const triggers = cubes.flatMap((cube) => cube.sources.flatMap((s) => triggersOf(cube, s, tiers, suffix, format)));
  const backfills = cubes.flatMap((cube) => tiers.map((tier) => backfillOf(cube, tier, format)));
  return [...triggers, ...backfills];
}

const migration = (statements: string[]) =>
  '-- Generated by server/src/db/cubes/cube-trigger-sql.ts: triggers keeping the cube tiers current.\n' +
  statements.join('\n--> statement-breakpoint\n') +
  '\n';

/** Migration 0004: the daily and monthly tiers of every cube. */
export const cubeMigrationSql = () => migration(cubeMigrationStatements());

/** Migration 0007: the hourly tiers of the cubes that ask for one. */
export const hourlyTierMigrationSql = () =>
  migration(
    cubeMigrationStatements(
      FIRST_CUBES.filter((c) => c.hourly),
      ['hourly'],
      '_hourly',
    ),
  );

/** Migration 0008: histogram tiers as JSONB, kept by one upsert per change (see histogram-sql.ts). */
export function jsonbHistogramMigrationSql(): string {
  const cubes = FIRST_CUBES.filter((c) => c.histogram);
  const drops = cubes.flatMap((c) =>
    c.sources.flatMap((s) => ['insert', 'update', 'delete'].map((e) => `DROP TRIGGER ${c.name}_from_${s.table}_${e};`)),
  );
  const converts = cubes.flatMap((c) => TIERS.map((t) => `UPDATE ${tierTableName(c, t)} SET hist = jsonb(hist);`));
  const triggers = cubes.flatMap((c) => c.sources.flatMap((s) => triggersOf(c, s, TIERS, '', 'jsonb')));
  return migration([...drops, ...converts, ...triggers]);
}

/**
 * Migration 0013: the segment rollups rebuilt from the rows they derive from, then the segment
 * cubes' tiers; one trigger per cube, source and change keeps all of a cube's tiers.
 */
export function segmentCubeMigrationSql(): string {
  const triggers = SEGMENT_CUBES.flatMap((cube) =>
    cube.sources.flatMap((s) => triggersOf(cube, s, tiersOf(cube), '', 'jsonb')),
  );
  const backfills = SEGMENT_CUBES.flatMap((cube) => tiersOf(cube).map((tier) => backfillOf(cube, tier, 'jsonb')));
  return migration([...segmentSourceBackfillStatements(), ...triggers, ...backfills]);
}

/** What the migrations' backfills amount to today: every tier rebuilt from the hourly rows. */
export function currentBackfillStatements(): string[] {
  const cubes = Object.values(CUBES);
  return cubes.flatMap((c) =>
    [...('hourly' in c && c.hourly ? (['hourly'] as const) : []), ...TIERS].map((t) => backfillOf(c, t, 'jsonb')),
  );
}
