import type { PublicPrompt } from '@loupe/shared';
import type { Core } from '../core.js';
import type { Messages } from '../i18n/messages.js';
import type { PromptState, SessionRecord } from './prompt-state.js';

// The contract between the loader and the lazily loaded prompt UI chunk. The two bundles share
// one renaming of `_` members (build.mjs), so the chunk works on the loader's own Core; only the
// module's export name (`mount`) must stay unmangled.

export type PromptAnswer =
  | { type: 'prompt_dismissed' }
  | { type: 'response'; kind: PublicPrompt['kind']; score: number; comment?: string };

/**
 * What opened the prompt. `rules`: it appeared on its own, so focus stays where the visitor is
 * (a polite live region announces it). `show`: the site asked (`loupe('show')`, usually from a
 * visitor's click or key), so focus moves in. `preview`: the studio's preview page, which sends
 * and records nothing and never takes focus from the form being edited.
 */
export type OpenedBy = 'rules' | 'show' | 'preview';

/**
 * Reads this browser's prompt state (prompt-state.ts) and the current session's record, lets `fn`
 * change them, saves them and re-checks the rules. The loader's own: it reads and writes that
 * state anyway, so the chunk records displays and answers through it and carries no copy of the
 * storage code.
 */
export type EditPromptState = (fn: (st: PromptState, ses: SessionRecord) => unknown) => void;

export interface PromptChunk {
  /**
   * Shows `prompt` as a new display (its own id; `prompt_shown`, then every answer, are events of
   * it) in its own shadow root; returns the function that removes every trace. `edit`
   * records the display and each answer before its event is emitted (never in preview).
   * `onClose`: the UI is gone (closed by the visitor, after the thanks, or unmounted).
   */
  mount(core: Core, prompt: PublicPrompt, edit: EditPromptState, onClose: () => void, openedBy?: OpenedBy): () => void;
  /**
   * The built-in strings `prompt` shows to a visitor of `langs`, their catalogue loaded (each
   * language but English is a chunk of its own): after it, `mount` renders before it returns.
   * Without it, `mount` renders once the catalogue is here.
   */
  loadMessages(prompt: PublicPrompt, langs: string[]): Promise<Messages>;
}

export type PromptChunkLoader = () => Promise<PromptChunk>;
