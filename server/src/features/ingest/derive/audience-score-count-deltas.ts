import type Database from 'better-sqlite3';
import { perDatabase } from '../../../lib/per-database.js';
import { prepareTieredRollupTables, TieredRollupDeltas } from './tiered-rollup-deltas.js';

// The answers by who gave them at three grains (db/schema/audience-score-counts.ts):
// trait_score_rollups' answers without prompt, browser and language, added where it adds them
// (customer-deltas.ts), so the overview and the series under an audience read a New York day as
// one UTC day's rows and its edge hours'.

const statements = perDatabase((db: Database.Database) =>
  prepareTieredRollupTables(
    db,
    'audience_score_counts',
    ['site_id', 'trait_key', 'trait_value', 'hour', '"returning"', 'device', 'kind', 'score'],
    ['responses', 'comments'],
  ),
);

/** Where an answer counts: its site, hour and device, and who gave it (one trait or '', new vs returning). */
export interface AudienceScorePlace {
  siteId: string;
  traitKey: string;
  traitValue: string;
  hour: number;
  returning: number;
  device: string;
  kind: string;
}

/** One commit's answers by who gave them: `add` per answer and trait (and ''), then `apply`. */
export class AudienceScoreCountDeltas {
  private readonly deltas: TieredRollupDeltas<'responses' | 'comments'>;

  constructor(db: Database.Database) {
    this.deltas = new TieredRollupDeltas(statements(db), 3);
  }

  add(p: AudienceScorePlace, score: number, responses: number, comments: number): void {
    const key = [p.siteId, p.traitKey, p.traitValue, p.hour, p.returning, p.device, p.kind, score];
    this.deltas.add(key, 'responses', responses);
    this.deltas.add(key, 'comments', comments);
  }

  apply(): void {
    this.deltas.apply();
  }
}
