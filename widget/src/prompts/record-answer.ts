import type { EditPromptState, PromptAnswer } from './prompt-chunk-api.js';

/**
 * Records a display, answer or dismissal in this browser's prompt state, for the frequency rules
 * (the loader reads them), through the loader's `edit`. Bundled in the prompt UI chunk: nothing
 * needs recording before a prompt is on screen, so the loader doesn't carry it.
 */
export function recordAnswer(
  edit: EditPromptState,
  promptId: string,
  type: 'prompt_shown' | PromptAnswer['type'],
): void {
  edit((st, ses) => {
    const now = Date.now();
    const record = st.p[promptId] || {};
    record[type === 'response' ? 'a' : type === 'prompt_shown' ? 's' : 'd'] = now;
    st.p[promptId] = record;
    if (type === 'prompt_shown') {
      st.g = now;
      ses.n = 1;
    }
  });
}
