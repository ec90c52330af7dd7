import type { PublicPrompt } from '@loupe/shared';
import { render } from 'preact';
import type { Core } from '../core.js';
import type { EventFields } from '../event-fields.js';
import { guard } from '../guard.js';
import type { EditPromptState, OpenedBy, PromptAnswer } from '../prompts/prompt-chunk-api.js';
import { recordAnswer } from '../prompts/record-answer.js';
import { PromptCard } from './PromptCard.js';
import { hostLooksDark } from './prompt-theme.js';
import { createShadowHost } from './shadow-host.js';

/** The focused element, looking inside open shadow roots (the page may use web components). */
function activeElement(): HTMLElement | null {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el as HTMLElement | null;
}

/**
 * The prompt chunk's only export. Renders the prompt into its own shadow root and returns the
 * function that removes every trace of it; focus goes back where it was if it was in the prompt.
 */
export function mount(
  core: Core,
  prompt: PublicPrompt,
  edit: EditPromptState,
  onClose: () => void,
  openedBy: OpenedBy = 'rules',
): () => void {
  const preview = openedBy === 'preview';
  const ref = { promptId: prompt.id, displayId: core._uuid() };
  // Every answer is an event of this display.
  const emit = guard((fields: object) => core._emit({ ...ref, ...fields } as EventFields));
  const { nonce, _langs: langs } = core._cfg;
  const previous = activeElement();
  // The frequency rules' record: this display now, then each answer before it is sent. A preview
  // records and sends nothing.
  const record = (type: Parameters<typeof recordAnswer>[2]) => preview || recordAnswer(edit, prompt.id, type);
  const send = (answer: PromptAnswer) => {
    record(answer.type);
    if (!preview) emit(answer);
  };
  record('prompt_shown');
  if (!preview) emit({ type: 'prompt_shown' });
  const { theme, position } = prompt.appearance;
  const modal = position === 'center';
  const { host, mountPoint, remove } = createShadowHost(prompt.kind, position, nonce);
  let gone = false;
  const unmount = () => {
    if (gone) return;
    gone = true;
    const hadFocus = document.activeElement === host;
    render(null, mountPoint);
    remove();
    if (hadFocus && previous?.isConnected) previous.focus({ preventScroll: true });
    onClose();
  };
  render(
    <PromptCard
      prompt={prompt}
      langs={langs}
      dark={theme === 'dark' || (theme !== 'light' && hostLooksDark())}
      focusOnOpen={openedBy === 'show'}
      modal={modal}
      send={send}
      close={(dismissed) => {
        if (dismissed) send({ type: 'prompt_dismissed' });
        unmount();
      }}
    />,
    mountPoint,
  );
  return unmount;
}
