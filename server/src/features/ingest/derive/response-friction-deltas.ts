import { hourOf } from '../../../lib/hour-bucket.js';
import type { ReadModelStatements } from './read-model-statements.js';
import { frictionBefore, frictionMask, pagesJson, type FrictionEvent } from './response-friction.js';
import { RollupDeltas } from './rollup-deltas.js';

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
}

/**
 * Keeps each response's "friction before answering" and the friction rollups current. Called once
 * per batch for every session the batch touched: the answer, an earlier page view or a late
 * friction event can each change it, in any arrival order. The row stores what was last counted
 * (friction_score, friction_pages), so a change moves the answer between rollup rows exactly once.
 */
export class ResponseFrictionDeltas {
  private readonly byMask: RollupDeltas<'responses'>;
  private readonly byPage: RollupDeltas<'responses'>;

  constructor(private readonly s: ReadModelStatements) {
    this.byMask = new RollupDeltas(s.frictionRollups);
    this.byPage = new RollupDeltas(s.frictionPageRollups);
  }

  recompute(siteId: string, sessionId: string): void {
    const answers = this.s.sessionResponses.all(siteId, sessionId) as StoredResponse[];
    if (answers.length === 0) return;
    const until = Math.max(...answers.map((a) => a.created_at));
    const events = this.s.sessionFrictionEvents.all(siteId, sessionId, until) as FrictionEvent[];
    for (const a of answers) {
      const f = frictionBefore(events, a.created_at);
      const pages = pagesJson(f.pages);
      const unchanged =
        a.friction_score === a.score &&
        a.friction_pages === pages &&
        a.friction_pageviews === f.pageviews &&
        a.friction_rage === f.rage &&
        a.friction_dead === f.dead &&
        a.friction_error_clicks === f.errorClicks &&
        a.friction_js_errors === f.jsErrors;
      if (unchanged) continue;
      const hour = hourOf(a.created_at);
      if (a.friction_score !== null) {
        const oldMask = frictionMask({
          rage: a.friction_rage,
          dead: a.friction_dead,
          errorClicks: a.friction_error_clicks,
          jsErrors: a.friction_js_errors,
        });
        this.count(siteId, hour, a.kind, a.friction_score, oldMask, JSON.parse(a.friction_pages ?? '{}'), -1);
      }
      this.count(siteId, hour, a.kind, a.score, frictionMask(f), f.pages, 1);
      this.s.updateResponseFriction.run(
        f.pageviews,
        f.rage,
        f.dead,
        f.errorClicks,
        f.jsErrors,
        a.score,
        pages,
        siteId,
        a.display_id,
      );
    }
  }

  apply(): void {
    this.byMask.apply();
    this.byPage.apply();
  }

  private count(
    siteId: string,
    hour: number,
    kind: string,
    score: number,
    mask: number,
    pages: Record<string, number>,
    sign: number,
  ): void {
    this.byMask.add([siteId, hour, kind, score, mask], 'responses', sign);
    for (const [path, met] of Object.entries(pages))
      this.byPage.add([siteId, hour, kind, path, score, met], 'responses', sign);
  }
}
