import type { PromptAnswer } from './prompt-chunk-api.js';
import { loadState, saveState, sessionOf } from './prompt-state.js';

/**
 * Records a display, answer or dismissal in this browser's prompt state, for the frequency rules
 * (the loader reads them). Bundled in the prompt UI chunk: nothing needs recording before a
 * prompt is on screen, so the loader doesn't carry it.
 */
export function recordAnswer(
  key: string,
  sessionId: string,
  promptId: string,
  type: 'prompt_shown' | PromptAnswer['type'],
): void {
  const st = loadState(key);
  const now = Date.now();
  const record = st.p[promptId] || {};
  record[type === 'response' ? 'a' : type === 'prompt_shown' ? 's' : 'd'] = now;
  st.p[promptId] = record;
  if (type === 'prompt_shown') {
    st.g = now;
    sessionOf(st, sessionId).n = 1;
  }
  saveState(key, st);
}
