import { MAX_COMMENT_LENGTH } from '@loupe/shared/constants';
import type { PublicPrompt } from '@loupe/shared';
import { isRtl, messagesFor } from '../i18n/messages-for.js';
import type { PromptAnswer } from '../prompts/prompt-chunk-api.js';
import { followUpFor } from './follow-up-for.js';
import { h } from './h.js';
import { pickTexts } from './pick-texts.js';
import { appearanceStyle } from './prompt-theme.js';
import { scale } from './scale.js';

/** Seconds the thank-you stays before the prompt closes by itself. */
const THANKS_MS = 5000;
/** The live region is filled this long after it is in the page, so screen readers notice the change. */
const ANNOUNCE_DELAY_MS = 100;

/** The steps, in order: the score, the follow-up comment, the thanks. */
const Step = { Score: 0, FollowUp: 1, Thanks: 2 } as const;

export interface PromptCardProps {
  prompt: PublicPrompt;
  /** Visitor languages, most preferred first. */
  langs: string[];
  /** Dark colours: the appearance's theme, or the host page's look for `auto`. */
  dark: boolean;
  /** Move focus into the prompt as it opens (see OpenedBy). */
  focusOnOpen: boolean;
  /** In the middle of a dimmed window (position `center`). */
  modal: boolean;
  /**
   * Sends what the visitor did: the score the moment it is chosen (again if it is changed), then
   * the comment (the same display, merged by the server), or a dismissal before any score.
   */
  send(answer: PromptAnswer): void;
  /** Removes the UI; `dismissed` when closed before any score. */
  close(dismissed: boolean): void;
}

/**
 * A dialog in three steps: score (sent the moment it is chosen), optional follow-up comment (its
 * band's question, under the scale, which keeps the chosen score lit and lets the visitor change
 * it: the new score is sent again and the server keeps the newest), thanks. Escape or the
 * close button close it at any step. Focus moves in only when the prompt was asked for, and
 * between steps only when it is already inside; a polite live region announces it either way.
 *
 * Appends the card to `parent` and returns what stops its timers (the caller removes the host).
 * The dialog, its close button and live region stay for the card's life; what is between them is
 * drawn anew for each step, and for each new score on the follow-up step (the comment kept).
 */
export function renderPromptCard(parent: HTMLElement, props: PromptCardProps): () => void {
  const { prompt, focusOnOpen, send, close } = props;
  const [lang, texts] = pickTexts(prompt, props.langs);
  const messages = messagesFor(lang);
  const rtl = isRtl(lang);
  let step: number = Step.Score;
  /** The chosen score, once there is one. */
  let score: number | undefined;
  /** The first step has been entered (the prompt is open). */
  let opened = false;
  /** Focus was inside when the visitor moved to another step (the focused control is gone after it). */
  let focusWasInside = false;
  /** The current step's timer (the announcement's, or the thank-you's closing), or false. */
  let timer: ReturnType<typeof setTimeout> | false = false;
  /** The current step's nodes, between the dialog's start and its close button. */
  let drawn: HTMLElement[] = [];

  const closeButton = h(
    'button',
    { type: 'button', class: 'close', 'aria-label': messages.close, onclick: () => close(score === undefined) },
    '×',
  );
  // A polite live region, not a second status: the thank-you is the card's one status.
  const live = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  const card = h(
    'div',
    {
      class: props.dark ? 'card dark' : 'card',
      style: appearanceStyle(prompt.appearance),
      role: 'dialog',
      'aria-label': texts.question,
      lang,
      dir: rtl ? 'rtl' : 'ltr',
      onkeydown: (e: KeyboardEvent) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        close(score === undefined);
      },
    },
    closeButton,
    live,
  );

  const noteFocus = () => {
    focusWasInside = card.contains((card.getRootNode() as ShadowRoot).activeElement);
  };

  const choose = (s: number) => {
    noteFocus();
    send({ type: 'response', kind: prompt.kind, score: s });
    const next = followUpFor(prompt.kind, texts, s) ? Step.FollowUp : Step.Thanks;
    if (next === step && s === score) return;
    score = s;
    step = next;
    enterStep();
  };

  const submit = (e: Event) => {
    e.preventDefault();
    noteFocus();
    const text = textarea.value.trim();
    if (text) send({ type: 'response', kind: prompt.kind, score: score!, comment: text.slice(0, MAX_COMMENT_LENGTH) });
    step = Step.Thanks;
    enterStep();
  };

  // The follow-up form is one for the card's life: drawn anew under a new score, it keeps the
  // comment typed and where the caret is.
  const followUpLabel = h('label', { class: 'question', for: 'comment' });
  const textarea = h('textarea', {
    id: 'comment',
    maxlength: MAX_COMMENT_LENGTH,
    onkeydown: (e: KeyboardEvent) => e.key === 'Enter' && (e.metaKey || e.ctrlKey) && submit(e),
  });
  const form = h(
    'form',
    { onsubmit: submit },
    followUpLabel,
    textarea,
    h('button', { type: 'submit', class: 'primary' }, messages.send),
  );

  const stepNodes = () => {
    followUpLabel.textContent = (score !== undefined && followUpFor(prompt.kind, texts, score)) || '';
    return step === Step.Thanks
      ? [h('p', { class: 'question', role: 'status', tabindex: -1 }, texts.thanks || messages.thanks)]
      : [
          h('p', { class: 'question', id: 'question' }, texts.question),
          ...scale({
            prompt,
            labels: [texts.lowLabel || messages[prompt.kind][0], texts.highLabel || messages[prompt.kind][1]],
            labelledBy: 'question',
            rtl,
            chosen: score,
            onChoose: choose,
          }),
          ...(step === Step.FollowUp ? [form] : []),
        ];
  };

  // Each step moves focus to its first control in the same task as it is drawn, so keys typed
  // right after choosing a score land in the comment box. The live region says the question once
  // it is in the page (a region filled as it appears goes unannounced); the thank-you is a status
  // of its own and closes itself.
  function enterStep() {
    leaveStep();
    for (const node of drawn) node.remove();
    drawn = stepNodes();
    closeButton.before(...drawn);
    const first = card.querySelector<HTMLElement>(
      step === Step.FollowUp ? 'textarea' : step === Step.Thanks ? '.question' : '[tabindex="0"]',
    );
    if (first && (opened ? focusWasInside : focusOnOpen)) first.focus();
    timer = opened
      ? step === Step.Thanks && setTimeout(() => close(false), THANKS_MS)
      : setTimeout(() => (live.textContent = texts.question), ANNOUNCE_DELAY_MS);
    opened = true;
  }

  function leaveStep() {
    if (timer) clearTimeout(timer);
  }

  parent.append(props.modal ? h('div', { class: 'backdrop' }, card) : card);
  enterStep();
  return leaveStep;
}
