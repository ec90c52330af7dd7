import type { PublicPrompt } from '@loupe/shared';

// The contract between the loader and the lazily loaded prompt UI chunk. They are built
// separately, so these names must survive minification: no `_` members here.

export type PromptAnswer =
  | { type: 'prompt_dismissed' }
  | { type: 'response'; kind: PublicPrompt['kind']; score: number; comment?: string };

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
  /** Renders the prompt in its own shadow root; returns the function that removes every trace. */
  mount(options: MountOptions): () => void;
}

export type PromptChunkLoader = () => Promise<PromptChunk>;
