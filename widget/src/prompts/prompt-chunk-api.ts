import type { PublicPrompt } from '@loupe/shared';
import type { Core } from '../core.js';

// The contract between the loader and the lazily loaded prompt UI chunk. The two bundles share
// one renaming of `_` members (build.mjs), so the chunk works on the loader's own Core; only the
// module's export name (`mount`) must stay unmangled.

export type PromptAnswer =
  | { type: 'prompt_dismissed' }
  | { type: 'response'; kind: PublicPrompt['kind']; score: number; comment?: string };

/** What the prompt card works with, built by the chunk from the loader's Core. */
export interface MountOptions {
  prompt: PublicPrompt;
  /** Visitor languages, most preferred first (`data-lang` alone when the site sets it). */
  langs: string[];
  /** CSP nonce for the `<style>` fallback when constructable stylesheets are unavailable. */
  nonce?: string;
  /** The site key and session id under which the chunk records the display and the answer. */
  stateKey: string;
  sessionId: string;
  /**
   * Sends what the visitor did (the chunk records it first): the score the moment it is chosen,
   * then the comment (the same display, merged by the server), or a dismissal before any score.
   */
  send(answer: PromptAnswer): void;
  /** The UI is gone (closed by the visitor, after the thanks, or unmounted). */
  onClose(): void;
}

export interface PromptChunk {
  /**
   * Shows `prompt` as a new display (its own id; `prompt_shown`, then every answer, are events of
   * it) in its own shadow root; returns the function that removes every trace. `onClose`: the
   * UI is gone (closed by the visitor, after the thanks, or unmounted).
   */
  mount(core: Core, prompt: PublicPrompt, sessionId: string, onClose: () => void): () => void;
}

export type PromptChunkLoader = () => Promise<PromptChunk>;
