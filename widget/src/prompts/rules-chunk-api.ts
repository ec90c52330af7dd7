import type { PublicConfig } from '@loupe/shared';
import type { Core } from '../core.js';
import type { Scope } from '../scope.js';
import type { PromptChunkLoader } from './prompt-chunk-api.js';
import type { WhyInput } from './why-chunk-api.js';

// The contract between the loader and the prompt rules (rules-chunk.ts), a chunk the loader
// imports only when the site's config lists an active prompt: a site without prompts never
// downloads them. The two bundles share one renaming of `_` members (build.mjs); only the
// module's export name (`startRules`) must stay unmangled.

/**
 * Something the rules react to, as the loader heard it, with when (epoch ms): a page view started
 * (`pv`), an event was emitted (`ev`, its fields), an uncaught error (`err`), the URL changed
 * (`url`), exit intent (`x`). The loader keeps those that happen before the rules arrive and
 * hands them over in order, so a track call or an error of the first moments still counts.
 */
export type Heard = [topic: 'pv' | 'ev' | 'err' | 'url' | 'x', arg: unknown, at: number];

export interface PromptRules {
  /** Takes one thing heard (the loader's early ones first, then each as it happens). */
  _hear(heard: Heard): void;
  /** `loupe('show', id, { force })`. */
  _show(id: unknown, options?: { force?: boolean }): void;
  /** What `loupe('why')` explains, taken now: of these prompts, or of every active one. */
  _why(ids?: string[]): WhyInput[];
}

export interface RulesChunk {
  /**
   * Starts evaluating `cfg`'s prompts on `core` (listeners and timers in `scope`), loading the UI
   * with `loadUi` when one is due. It checks nothing until the loader hands it what it heard.
   */
  startRules(core: Core, scope: Scope, cfg: PublicConfig, loadUi: PromptChunkLoader): PromptRules;
}

export type RulesLoader = () => Promise<RulesChunk>;
