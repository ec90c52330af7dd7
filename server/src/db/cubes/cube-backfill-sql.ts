import { CUBES, sourceWhereSql, tierTableName, tiersOf, type CubeSpec, type StoredTier } from './cube-specs.js';

// SQL that rebuilds a cube's tiers from its hourly sources alone: what a migration adding a cube,
// a tier or a counter appends to fill the new rows (tests also use it as the tiers' reference).
// SQLite's spelling: strftime for the month and jsonb_group_object for the histograms.

/** Epoch ms of the hour / UTC day / calendar month containing the hour `h` (an SQL expression). */
export function tierStartSql(h: string, tier: StoredTier): string {
  if (tier === 'hourly') return h;
  return tier === 'daily'
    ? `(${h} - ${h} % 86400000)`
    : `(CAST(strftime('%s', ${h} / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000)`;
}

/** One INSERT … SELECT filling a tier, assumed empty, from the hourly sources. */
export function cubeBackfillSql(cube: CubeSpec, tier: StoredTier): string {
  const table = tierTableName(cube, tier);
  const dims = cube.dims.map((d) => d.name);
  const start = tierStartSql('hour', tier);
  if (cube.histogram) {
    const { bucket, samples } = cube.histogram;
    const source = cube.sources[0]!;
    return (
      `INSERT INTO ${table} (site_id, start, ${dims.join(', ')}, hist) ` +
      `SELECT site_id, start, ${dims.join(', ')}, jsonb_group_object(CAST(${bucket} AS TEXT), n) FROM (` +
      `SELECT site_id, ${start} AS start, ${dims.join(', ')}, ${bucket}, SUM(${samples}) AS n FROM ${source.table} ` +
      `GROUP BY site_id, start, ${dims.join(', ')}, ${bucket}) GROUP BY site_id, start, ${dims.join(', ')};`
    );
  }
  const counters = cube.counters.map((c) => c.name);
  const parts = cube.sources.map((s) => {
    const where = sourceWhereSql(s, 'src');
    const values = counters.map((c) => (s.counters.includes(c) ? c : `0 AS ${c}`));
    return `SELECT site_id, ${start} AS start, ${dims.join(', ')}, ${values.join(', ')} FROM ${s.table} AS src${where ? ` WHERE ${where}` : ''}`;
  });
  return (
    `INSERT INTO ${table} (site_id, start, ${[...dims, ...counters].join(', ')}) ` +
    `SELECT site_id, start, ${dims.join(', ')}, ${counters.map((c) => `SUM(${c})`).join(', ')} FROM (${parts.join(' UNION ALL ')}) ` +
    `GROUP BY site_id, start, ${dims.join(', ')};`
  );
}

/** Every tier of every cube rebuilt from the hourly rows. */
export const cubeBackfillStatements = (): string[] =>
  Object.values(CUBES).flatMap((c) => tiersOf(c).map((t) => cubeBackfillSql(c, t)));
