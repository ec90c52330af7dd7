import type Database from 'better-sqlite3';

/**
 * The friction cubes (everyone's: friction_rollups, friction_page_rollups, by hour) beside the same
 * counts by who answered (db/schema/audience-answers.ts) under trait_key '' summed over new vs
 * returning: one writer call moves both, so the two must hold the same rows.
 */
const TWINS: [cube: string, audience: string, key: string][] = [
  ['friction_rollups', 'audience_friction_rollups', 'hour, kind, score, mask'],
  ['friction_page_rollups', 'audience_friction_page_rollups', 'hour, kind, path, met, score'],
];

/** Each friction cube's rows of a site and its audience twin's '' rows, for a toEqual. */
export function frictionTwins(db: Database.Database, siteId: string) {
  const rows = (table: string, key: string, where: string) =>
    db
      .prepare(
        `SELECT ${key}, sum(responses) FROM ${table} WHERE site_id = ?${where} GROUP BY ${key} ` +
          `HAVING sum(responses) <> 0 ORDER BY ${key}`,
      )
      .raw()
      .all(siteId);
  return TWINS.map(([cube, audience, key]) => ({
    table: cube,
    cube: rows(cube, key, ''),
    audience: rows(audience, key, " AND trait_key = ''"),
  }));
}
