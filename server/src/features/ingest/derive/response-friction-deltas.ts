import { SEGMENT_RANGES } from '@loupe/shared';
import { type Kind, segmentOf } from '../../../analytics/score-math.js';
import { hourOf } from '../../../lib/hour-bucket.js';
import type { ReadModelStatements } from './read-model-statements.js';
import {
  frictionBefore,
  frictionMask,
  pagesJson,
  storedFrictionMask,
  type FrictionEvent,
} from './response-friction.js';
import { journeyBefore } from './response-journey.js';
import { type AnswerAudience, type AudienceAnswerDeltas, answerTraitPairs } from './audience-answer-keys.js';
import { RollupDeltas } from './rollup-deltas.js';
import { TieredRollupDeltas } from './tiered-rollup-deltas.js';

interface StoredResponse {
  display_id: string;
  kind: string;
  score: number;
  created_at: number;
  friction_pageviews: number;
  friction_rage: number;
  friction_dead: number;
  friction_error_clicks: number;
  friction_js_errors: number;
  friction_score: number | null;
  friction_pages: string | null;
  journey: string | null;
  device: string;
  browser: string;
  language: string;
  traits: string | null;
  returning: number;
}

/**
 * Keeps each response's "friction before answering" and its journey (the page steps before it),
 * and the friction and journey rollups, current. Called once
 * per batch for every session the batch touched: the answer, an earlier page view or a late
 * friction event can each change it, in any arrival order. The row stores what was last counted
 * (friction_score, friction_pages), so a change moves the answer between rollup rows exactly once.
 */
export class ResponseFrictionDeltas {
  private readonly byMask: RollupDeltas<'responses'>;
  private readonly byPage: RollupDeltas<'responses'>;
  private readonly journeys: TieredRollupDeltas<'responses'>;
  private readonly journeyBands: TieredRollupDeltas<'responses' | 'score_sum'>;

  constructor(
    private readonly s: ReadModelStatements,
    /** The same journeys and friction cubes by who answered (a trait, new vs returning). */
    private readonly audiences: AudienceAnswerDeltas,
  ) {
    this.byMask = new RollupDeltas(s.frictionRollups);
    this.byPage = new RollupDeltas(s.frictionPageRollups);
    this.journeys = new TieredRollupDeltas(s.journeyRollups, 3);
    this.journeyBands = new TieredRollupDeltas(s.journeyBandRollups, 4);
  }

  recompute(siteId: string, sessionId: string): void {
    const answers = this.s.sessionResponses.all(siteId, sessionId) as StoredResponse[];
    if (answers.length === 0) return;
    const until = Math.max(...answers.map((a) => a.created_at));
    const events = this.s.sessionFrictionEvents.all(siteId, sessionId, until) as FrictionEvent[];
    for (const a of answers) {
      const f = frictionBefore(events, a.created_at);
      const pages = pagesJson(f.pages);
      const journey = JSON.stringify(journeyBefore(events, a.created_at));
      const unchanged =
        a.journey === journey &&
        a.friction_score === a.score &&
        a.friction_pages === pages &&
        a.friction_pageviews === f.pageviews &&
        a.friction_rage === f.rage &&
        a.friction_dead === f.dead &&
        a.friction_error_clicks === f.errorClicks &&
        a.friction_js_errors === f.jsErrors;
      if (unchanged) continue;
      const hour = hourOf(a.created_at);
      const who = { siteId, traits: answerTraitPairs(a.traits), returning: a.returning === 1 };
      if (a.friction_score !== null) {
        this.count(
          who,
          hour,
          a.kind,
          a.friction_score,
          storedFrictionMask(a),
          JSON.parse(a.friction_pages ?? '{}'),
          -1,
        );
        // A response counted before journeys were kept has none to take back.
        if (a.journey !== null) this.countJourney(who, hour, a, a.friction_score, a.journey, -1);
      }
      this.count(who, hour, a.kind, a.score, frictionMask(f), f.pages, 1);
      this.countJourney(who, hour, a, a.score, journey, 1);
      this.s.updateResponseFriction.run(
        f.pageviews,
        f.rage,
        f.dead,
        f.errorClicks,
        f.jsErrors,
        a.score,
        pages,
        journey,
        siteId,
        a.display_id,
      );
    }
  }

  apply(): void {
    this.byMask.apply();
    this.byPage.apply();
    this.journeys.apply();
    this.journeyBands.apply();
    this.audiences.apply();
  }

  /** The answer once at every depth its journey reaches: its last step, its last two, … */
  private countJourney(
    who: AnswerAudience,
    hour: number,
    a: StoredResponse,
    score: number,
    json: string,
    sign: number,
  ) {
    const { siteId } = who;
    const steps = JSON.parse(json) as string[];
    // The journeys read folds scores to bands; a kind without bands (none today) has no band rows.
    const band = a.kind in SEGMENT_RANGES ? segmentOf(a.kind as Kind, score) : undefined;
    for (let depth = 1; depth <= steps.length; depth++) {
      const key = [
        siteId,
        a.kind,
        depth,
        hour,
        JSON.stringify(steps.slice(-depth)),
        score,
        a.device,
        a.browser,
        a.language,
      ];
      this.journeys.add(key, 'responses', sign);
      if (band !== undefined) {
        const banded = [siteId, a.kind, depth, band, hour, key[4]!];
        this.journeyBands.add(banded, 'responses', sign);
        this.journeyBands.add(banded, 'score_sum', sign * score);
        this.audiences.addJourney(who, a.kind, depth, band, hour, key[4] as string, score, sign);
      }
    }
  }

  /** The answer in the friction cubes, and in the same counts by who answered. */
  private count(
    who: AnswerAudience,
    hour: number,
    kind: string,
    score: number,
    mask: number,
    pages: Record<string, number>,
    sign: number,
  ): void {
    const { siteId } = who;
    this.byMask.add([siteId, hour, kind, score, mask], 'responses', sign);
    for (const [path, met] of Object.entries(pages))
      this.byPage.add([siteId, hour, kind, path, score, met], 'responses', sign);
    this.audiences.addFriction(who, kind, hour, score, mask, pages, sign);
  }
}
