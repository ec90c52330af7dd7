import type { IngestStatements } from '../writer/ingest-statements.js';
import { type CountedAnswer, ResolutionDeltas } from '../../responses/resolution-counts.js';
import { RollupDeltas } from './rollup-deltas.js';

/** Where an answer counts in the score rollups: everything but its score. */
export interface AnswerPlace {
  siteId: string;
  /** The hour it was first given. */
  hour: number;
  promptId: string;
  kind: string;
  path: string;
  device: string;
  browser: string;
  language: string;
}

/**
 * One batch's answers per score value, in score_rollups and (with the browser) score_segment_rollups,
 * and the resolved ones' complaints in resolution_rollups and audience_resolutions.
 */
export class ScoreDeltas {
  private readonly scores;
  private readonly segments;
  private readonly resolutions;

  constructor(s: IngestStatements) {
    this.scores = new RollupDeltas(s.scoreRollups);
    this.segments = new RollupDeltas(s.scoreSegmentRollups);
    this.resolutions = new ResolutionDeltas(s.resolutionRollups);
  }

  get tableName(): string {
    return 'score_rollups, score_segment_rollups, resolution_rollups, audience_resolutions';
  }

  /** A resolved answer's score or comment changed from `before` to `after`: its complaint may come or go. */
  rescoreResolved(before: CountedAnswer, after: CountedAnswer): void {
    this.resolutions.add(before, -1);
    this.resolutions.add(after, 1);
  }

  /** `responses` more answers of `score` at `a`, `comments` of them with a comment (negative: fewer). */
  add(a: AnswerPlace, score: number, responses: number, comments: number): void {
    const key = [a.siteId, a.hour, a.promptId, a.kind, a.path, a.device, a.language, score];
    this.scores.add(key, 'responses', responses);
    this.scores.add(key, 'comments', comments);
    const segment = [a.siteId, a.hour, a.promptId, a.kind, a.path, a.device, a.browser, a.language, score];
    this.segments.add(segment, 'responses', responses);
    this.segments.add(segment, 'comments', comments);
  }

  apply(): void {
    this.scores.apply();
    this.segments.apply();
    this.resolutions.apply();
  }
}
