import type { Prompt, ScoresResponse } from '@loupe/shared';
import { useEffect, useState } from 'preact/hooks';
import { api, withQuery } from '../../api/api-client.js';

export interface PromptStats {
  responses: number;
  responseRate: number | null;
  score: number | null;
}

/**
 * Responses, response rate and score of each prompt over the read API's default range (the last
 * 30 days), from the scores route grouped by prompt: one request per kind the prompts use.
 */
export function usePromptStats(
  siteId: string,
  tz: string,
  prompts: Prompt[] | undefined,
  version: number,
): Map<string, PromptStats> | undefined {
  const [stats, setStats] = useState<Map<string, PromptStats>>();
  const kinds = prompts ? [...new Set(prompts.map((p) => p.kind))].sort() : [];
  useEffect(() => {
    if (!prompts) return;
    let live = true;
    Promise.all(
      kinds.map((kind) =>
        api<ScoresResponse>(withQuery('/v1/metrics/scores', { site: siteId, kind, groupBy: 'prompt', tz })),
      ),
    ).then(
      (answers) => {
        if (!live) return;
        const map = new Map<string, PromptStats>();
        for (const a of answers)
          for (const g of a.groups ?? [])
            map.set(g.key, { responses: g.responses, responseRate: g.responseRate, score: g.score });
        setStats(map);
      },
      () => live && setStats(new Map()),
    );
    return () => {
      live = false;
    };
  }, [siteId, tz, kinds.join(), version]);
  return stats;
}
