import { traitText } from '@loupe/shared';
import type Database from 'better-sqlite3';
import { perDatabase } from '../../../lib/per-database.js';
import { prepareTieredRollupTables, TieredRollupDeltas } from './tiered-rollup-deltas.js';

// Where an answer counts in the audience tables (db/schema/audience-answers.ts): once under
// trait_key '' (every answer) and once under each trait it carried, with new vs returning. The
// writer (customer-deltas.ts for the pages, response-friction-deltas.ts for the journeys and the
// friction cubes) and the
// backfill of older answers (db/backfill-audience-answers.ts) both count through here, so the
// two cannot disagree on a key.

/** An answer's traits JSON (the widget's text values, or a signed link's) as [name, text] pairs. */
export function answerTraitPairs(json: string | null): [string, string][] {
  if (json === null) return [];
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(JSON.parse(json) as Record<string, unknown>)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.push([k, traitText(v)]);
  }
  return out;
}

const prepare = (db: Database.Database) => ({
  paths: prepareTieredRollupTables(
    db,
    'audience_path_scores',
    ['site_id', 'trait_key', 'trait_value', 'kind', 'hour', '"returning"', 'path', 'score'],
    ['responses'],
  ),
  journeys: prepareTieredRollupTables(
    db,
    'audience_journey_rollups',
    ['site_id', 'trait_key', 'trait_value', 'kind', 'depth', 'band', 'hour', '"returning"', 'journey'],
    ['responses', 'score_sum'],
  ),
  friction: prepareTieredRollupTables(
    db,
    'audience_friction_rollups',
    ['site_id', 'trait_key', 'trait_value', 'kind', 'hour', '"returning"', 'mask', 'score'],
    ['responses'],
  ),
  frictionPages: prepareTieredRollupTables(
    db,
    'audience_friction_page_rollups',
    ['site_id', 'trait_key', 'trait_value', 'kind', 'hour', '"returning"', 'path', 'met', 'score'],
    ['responses'],
  ),
});
const statements = perDatabase(prepare);

/** Who gave an answer, as the audience tables key it. */
export interface AnswerAudience {
  siteId: string;
  /** [name, value as text] pairs. */
  traits: readonly (readonly [string, string])[];
  returning: boolean;
}

const traitKeys = (a: AnswerAudience) => [['', ''] as const, ...a.traits];

/** One commit's changes to the audience tables, upserted once per key and grain by `apply`. */
export class AudienceAnswerDeltas {
  private readonly paths;
  private readonly journeys;
  private readonly friction;
  private readonly frictionPages;

  constructor(db: Database.Database) {
    const s = statements(db);
    this.paths = new TieredRollupDeltas(s.paths, 4);
    this.journeys = new TieredRollupDeltas(s.journeys, 6);
    this.friction = new TieredRollupDeltas(s.friction, 4);
    this.frictionPages = new TieredRollupDeltas(s.frictionPages, 4);
  }

  /** `n` more answers of `score` on `path` (the touchpoints' counts). */
  addPathScore(a: AnswerAudience, kind: string, hour: number, path: string, score: number, n: number): void {
    if (n === 0) return;
    const r = a.returning ? 1 : 0;
    for (const [key, value] of traitKeys(a))
      this.paths.add([a.siteId, key, value, kind, hour, r, path, score], 'responses', n);
  }

  /** `sign` × one answer of `score` (in `band`) behind `journey` (JSON array of page steps) at one depth. */
  addJourney(
    a: AnswerAudience,
    kind: string,
    depth: number,
    band: string,
    hour: number,
    journey: string,
    score: number,
    sign: number,
  ): void {
    const r = a.returning ? 1 : 0;
    for (const [key, value] of traitKeys(a)) {
      const k = [a.siteId, key, value, kind, depth, band, hour, r, journey];
      this.journeys.add(k, 'responses', sign);
      this.journeys.add(k, 'score_sum', sign * score);
    }
  }

  /**
   * `sign` × one answer of `score` after the friction types of `mask` and the pages of `pages` (path →
   * 1 when friction was met there): the friction cubes' counts.
   */
  addFriction(
    a: AnswerAudience,
    kind: string,
    hour: number,
    score: number,
    mask: number,
    pages: Readonly<Record<string, number>>,
    sign: number,
  ): void {
    const r = a.returning ? 1 : 0;
    for (const [key, value] of traitKeys(a)) {
      this.friction.add([a.siteId, key, value, kind, hour, r, mask, score], 'responses', sign);
      for (const [path, met] of Object.entries(pages))
        this.frictionPages.add([a.siteId, key, value, kind, hour, r, path, met, score], 'responses', sign);
    }
  }

  apply(): void {
    this.paths.apply();
    this.journeys.apply();
    this.friction.apply();
    this.frictionPages.apply();
  }
}
