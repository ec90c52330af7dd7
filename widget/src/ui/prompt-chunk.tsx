import type { PublicPrompt } from '@loupe/shared';
import { render } from 'preact';
import type { Core } from '../core.js';
import type { EventFields } from '../event-fields.js';
import { guard } from '../guard.js';
import type { MountOptions } from '../prompts/prompt-chunk-api.js';
import { uuid } from '../uuid.js';
import { recordAnswer } from '../prompts/record-answer.js';
import { PromptCard } from './PromptCard.js';
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
export function mount(core: Core, prompt: PublicPrompt, sessionId: string, onClose: () => void): () => void {
  const ref = { promptId: prompt.id, displayId: uuid() };
  // Every answer is an event of this display.
  const emit: MountOptions['send'] = guard((fields) => core._emit({ ...ref, ...fields } as EventFields));
  const { key, nonce, _langs: langs } = core._cfg;
  const options: MountOptions = { prompt, langs, nonce, stateKey: key, sessionId, send: emit, onClose };
  const previous = activeElement();
  // The frequency rules' record: this display now, then each answer before it is sent.
  const record = (type: Parameters<typeof recordAnswer>[3]) => recordAnswer(options.stateKey, options.sessionId, options.prompt.id, type);
  const send: MountOptions['send'] = (answer) => {
    record(answer.type);
    options.send(answer);
  };
  record('prompt_shown');
  emit({ type: 'prompt_shown' } as never);
  const { host, mountPoint, remove } = createShadowHost(options.prompt.kind, options.nonce);
  let gone = false;
  const unmount = () => {
    if (gone) return;
    gone = true;
    const hadFocus = document.activeElement === host;
    render(null, mountPoint);
    remove();
    if (hadFocus && previous?.isConnected) previous.focus({ preventScroll: true });
    options.onClose();
  };
  render(
    <PromptCard
      {...options}
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
