import type { PublicPrompt } from '@loupe/shared';
import type { Core } from '../core.js';
import type { EventFields } from '../event-fields.js';
import { guard } from '../guard.js';
import type { Messages } from '../i18n/messages.js';
import { messagesFor, withMessages } from '../i18n/messages-for.js';
import type { EditPromptState, OpenedBy, PromptAnswer } from '../prompts/prompt-chunk-api.js';
import { recordAnswer } from '../prompts/record-answer.js';
import { pickTexts } from './pick-texts.js';
import { renderPromptCard } from './prompt-card.js';
import { hostLooksDark } from './prompt-theme.js';
import { createShadowHost } from './shadow-host.js';

/** The focused element, looking inside open shadow roots (the page may use web components). */
function activeElement(): HTMLElement | null {
  let el = document.activeElement;
  // `&&`, not `?.`: the build's Chrome 80 target writes each optional chain out long-hand.
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  return el as HTMLElement | null;
}

/**
 * Renders the prompt into its own shadow root (once its language's strings are loaded) and
 * returns the function that removes every trace of it; focus goes back where it was if it was in
 * the prompt.
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
  // The frequency rules' record: this display when shown, then each answer before it is sent. A
  // preview records and sends nothing.
  const record = (type: Parameters<typeof recordAnswer>[2]) => preview || recordAnswer(edit, prompt.id, type);
  const send = (answer: PromptAnswer) => {
    record(answer.type);
    if (!preview) emit(answer);
  };
  const { theme, position } = prompt.appearance;
  /** Set once shown: removes the prompt, focus back where it was if it was in the prompt. */
  let hide: (() => void) | undefined;
  let gone = false;
  const unmount = () => {
    if (gone) return;
    gone = true;
    if (hide) hide();
    onClose();
  };
  // Shown once its language's strings are here: at once in English; a catalogue but English's is
  // a chunk of its own, loaded first (i18n/messages-for.ts).
  withMessages(
    pickTexts(prompt, langs)[0],
    guard(() => {
      if (gone) return;
      const previous = activeElement();
      record('prompt_shown');
      if (!preview) emit({ type: 'prompt_shown' });
      const { host, mountPoint, remove } = createShadowHost(prompt.kind, position, nonce);
      let stop = () => {};
      hide = () => {
        const hadFocus = document.activeElement === host;
        stop();
        remove();
        if (hadFocus && previous && previous.isConnected) previous.focus({ preventScroll: true });
      };
      stop = renderPromptCard(mountPoint, {
        prompt,
        langs,
        dark: theme === 'dark' || (theme !== 'light' && hostLooksDark()),
        focusOnOpen: openedBy === 'show',
        modal: position === 'center',
        send,
        close: (dismissed) => {
          if (dismissed) send({ type: 'prompt_dismissed' });
          unmount();
        },
      });
    }),
  );
  return unmount;
}

/**
 * The built-in strings `prompt` is shown in to a visitor of `langs`, once loaded: a page that
 * waits for them before `mount` (the link surveys' page, the preview) has the prompt rendered
 * when `mount` returns.
 */
export const loadMessages = (prompt: PublicPrompt, langs: string[]) =>
  new Promise<Messages>((resolve) => {
    const [lang] = pickTexts(prompt, langs);
    withMessages(lang, () => resolve(messagesFor(lang)));
  });
