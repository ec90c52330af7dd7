import type { PublicPrompt } from '@loupe/shared';

// The contract between the loader and the lazily loaded `why` chunk. The loader decides with
// compact gate codes; the chunk, downloaded only when someone calls `loupe('why', …)`, turns them
// into sentences. Separate bundles: no `_` members here (esbuild mangles those per bundle).

/**
 * One rule that holds a prompt back: a code and the values the sentence needs (the thresholds
 * come from the prompt). Upper case: cannot change during this page view; lower case: can
 * (time, scroll, exit intent, a track, frustration, visibility), so the loader keeps re-checking.
 *
 * X [path, rule] excluded · I [path] not included · D [device] · L [language] · S sample ·
 * F ['a' answered | 's' shown | 'd' dismissed, at, waitDays (-1: never again)] · G [cooldown end] ·
 * N shown this session · V [page views] · E exit intent needs a desktop · t [seconds on page] ·
 * c [scroll %] · x exit intent · k track · f frustration · h page hidden
 */
export type Gate = [code: string, ...values: unknown[]];

/**
 * What the loader knows about one prompt at the call. `state` when the rules were not evaluated:
 * C config not loaded · U no such active prompt · O showing now · A another prompt is showing ·
 * P the prompt UI failed to load.
 */
export interface WhyInput {
  id: string;
  prompt?: PublicPrompt;
  state?: string;
  gates?: Gate[];
  /** When the prompt's delay ends (epoch ms), while it is eligible. */
  due?: number;
}

/** `loupe('why', id)`: whether the prompt could show right now, and every reason it can't. */
export interface Why {
  promptId: string;
  eligible: boolean;
  reasons: string[];
}

export interface WhyChunk {
  explain(input: WhyInput): Why;
}

export type WhyLoader = () => Promise<WhyChunk>;
