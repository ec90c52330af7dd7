import type { PublicPrompt } from '@loupe/shared';

// The contract between the loader and the lazily loaded prompt UI chunk. They are built
// separately, so these names must survive minification: no `_` members here.

export interface MountOptions {
  prompt: PublicPrompt;
  /** Visitor languages, most preferred first (`data-lang` alone when the site sets it). */
  langs: string[];
  /** CSP nonce for the `<style>` fallback when constructable stylesheets are unavailable. */
  nonce?: string;
  /** The visitor chose a score (sent at once). */
  onScore(score: number): void;
  /** The visitor sent a comment for the score already chosen. */
  onComment(score: number, comment: string): void;
  /** Closed before any score. */
  onDismiss(): void;
  /** The UI is gone (after any of the above, or unmount). */
  onClose(): void;
}

export interface PromptChunk {
  /** Renders the prompt in its own shadow root; returns the function that removes every trace. */
  mount(options: MountOptions): () => void;
}

export type PromptChunkLoader = () => Promise<PromptChunk>;
