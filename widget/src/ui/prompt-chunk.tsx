import { render } from 'preact';
import type { MountOptions } from '../prompts/prompt-chunk-api.js';
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
export function mount(options: MountOptions): () => void {
  const previous = activeElement();
  // The frequency rules' record: this display now, then each answer before it is sent.
  const record = (type: Parameters<typeof recordAnswer>[3]) => recordAnswer(options.stateKey, options.sessionId, options.prompt.id, type);
  const send: MountOptions['send'] = (answer) => {
    record(answer.type);
    options.send(answer);
  };
  record('prompt_shown');
  const { host, mountPoint, remove } = createShadowHost(options.prompt.kind, options.nonce);
  let gone = false;
  const unmount = () => {
    if (gone) return;
    gone = true;
    const hadFocus = document.activeElement == host;
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
