import type { Core } from '../core.js';

/** Epoch ms of the last display, answer and dismissal of one prompt. */
export interface PromptRecord {
  s?: number;
  a?: number;
  d?: number;
}

/** What this browser remembers of the current session, for the session-scoped rules. */
export interface SessionRecord {
  /** Session id. */
  i: string;
  /** Page views so far. */
  v: number;
  /** A prompt was shown. */
  n?: 1;
  /** A rage click, dead click or JS error happened. */
  f?: 1;
  /** Names tracked so far. */
  t?: string[];
  /** The traits of the session's last identify call (the customer id is never kept). */
  c?: Record<string, unknown>;
}

/**
 * Prompt frequency state, in localStorage so every tab of the origin agrees. Short literal keys
 * (not `_` names): esbuild mangles those per build, and a new release must still read the state
 * the previous one wrote, or visitors would be asked again.
 */
export interface PromptState {
  /** Random seed of this browser's sample draws. */
  r: number;
  /** Last display of any prompt (the global cooldown). */
  g?: number;
  p: Record<string, PromptRecord>;
  s?: SessionRecord;
}

export const PROMPT_STATE_KEY_PREFIX = 'loupe_p_';
/** Bounded: the records of long-deleted prompts must not grow forever. */
const MAX_RECORDS = 50;

/** Where the state is kept: the loader's storage functions (core.ts), which the rules chunk shares. */
export type StateStore = Pick<Core, '_readJson' | '_write'>;

export function loadState(store: StateStore, key: string): PromptState {
  let st = store._readJson(PROMPT_STATE_KEY_PREFIX + key) as PromptState | null | undefined;
  // Corrupt or foreign: start over.
  if (!st || typeof st.r !== 'number' || typeof st.p !== 'object' || !st.p) {
    st = { r: (Math.random() * 1e9) | 0, p: {} };
    saveState(store, key, st);
  }
  return st;
}

export function saveState(store: StateStore, key: string, st: PromptState): void {
  // Object keys keep insertion order, so the first ones are the oldest prompts seen.
  for (const id of Object.keys(st.p).slice(0, -MAX_RECORDS)) delete st.p[id];
  store._write(PROMPT_STATE_KEY_PREFIX + key, JSON.stringify(st));
}

/** The record of the current session, started afresh when the session id changed. */
export function sessionOf(st: PromptState, sessionId: string): SessionRecord {
  if (!st.s || st.s.i !== sessionId) st.s = { i: sessionId, v: 0 };
  return st.s;
}
