import { MAX_COMMENT_LENGTH } from '@loupe/shared/constants';
import type { PublicPrompt } from '@loupe/shared';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { isRtl, messagesFor } from '../i18n/messages-for.js';
import type { PromptAnswer } from '../prompts/prompt-chunk-api.js';
import { followUpFor } from './follow-up-for.js';
import { pickTexts } from './pick-texts.js';
import { appearanceStyle } from './prompt-theme.js';
import { Scale } from './Scale.js';

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
 */
export function PromptCard(props: PromptCardProps) {
  const { prompt, close } = props;
  const [lang, texts] = pickTexts(prompt, props.langs);
  const messages = messagesFor(lang);
  const rtl = isRtl(lang);
  const [score, setScore] = useState<number>();
  const [step, setStep] = useState<number>(Step.Score);
  const [comment, setComment] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const card = useRef<HTMLDivElement>(null);
  const opened = useRef(false);
  /** Focus was inside when the visitor moved to another step (the focused control is gone after it). */
  const focusWasInside = useRef(false);
  const noteFocus = () => {
    const el = card.current!;
    focusWasInside.current = el.contains((el.getRootNode() as ShadowRoot).activeElement);
  };
  const followUp = score === undefined ? undefined : followUpFor(prompt.kind, texts, score);

  // Each step moves focus to its first control in the same task as the render (a layout effect),
  // so keys typed right after choosing a score land in the comment box. The live region says the
  // question once it is in the page (a region filled as it appears goes unannounced); the
  // thank-you is a status of its own and closes itself.
  useLayoutEffect(() => {
    const first = card.current!.querySelector<HTMLElement>(
      step === Step.FollowUp ? 'textarea' : step === Step.Thanks ? '.question' : '[tabindex="0"]',
    );
    if (first && (opened.current ? focusWasInside.current : props.focusOnOpen)) first.focus();
    const timer = opened.current
      ? step === Step.Thanks && setTimeout(() => close(false), THANKS_MS)
      : setTimeout(() => setAnnouncement(texts.question), ANNOUNCE_DELAY_MS);
    opened.current = true;
    return () => timer && clearTimeout(timer);
  }, [step, score]);

  const choose = (s: number) => {
    noteFocus();
    setScore(s);
    props.send({ type: 'response', kind: prompt.kind, score: s });
    setStep(followUpFor(prompt.kind, texts, s) ? Step.FollowUp : Step.Thanks);
  };
  const submit = (e: Event) => {
    e.preventDefault();
    noteFocus();
    const text = comment.trim();
    if (text)
      props.send({ type: 'response', kind: prompt.kind, score: score!, comment: text.slice(0, MAX_COMMENT_LENGTH) });
    setStep(Step.Thanks);
  };

  const dialog = (
    <div
      class={props.dark ? 'card dark' : 'card'}
      style={appearanceStyle(prompt.appearance)}
      role="dialog"
      aria-label={texts.question}
      lang={lang}
      dir={rtl ? 'rtl' : 'ltr'}
      ref={card}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        close(score === undefined);
      }}
    >
      {step === Step.Thanks ? (
        <p class="question" role="status" tabIndex={-1}>
          {texts.thanks || messages.thanks}
        </p>
      ) : (
        <>
          <p class="question" id="question">
            {texts.question}
          </p>
          <Scale
            prompt={prompt}
            labels={[texts.lowLabel || messages[prompt.kind][0], texts.highLabel || messages[prompt.kind][1]]}
            labelledBy="question"
            rtl={rtl}
            chosen={score}
            onChoose={choose}
          />
          {step === Step.FollowUp && (
            <form onSubmit={submit}>
              <label class="question" for="comment">
                {followUp}
              </label>
              <textarea
                id="comment"
                maxLength={MAX_COMMENT_LENGTH}
                value={comment}
                onInput={(e) => setComment(e.currentTarget.value)}
                onKeyDown={(e) => e.key === 'Enter' && (e.metaKey || e.ctrlKey) && submit(e)}
              />
              <button type="submit" class="primary">
                {messages.send}
              </button>
            </form>
          )}
        </>
      )}
      <button type="button" class="close" aria-label={messages.close} onClick={() => close(score === undefined)}>
        ×
      </button>
      {/* A polite live region, not a second status: the thank-you is the card's one status. */}
      <p class="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
  return props.modal ? <div class="backdrop">{dialog}</div> : dialog;
}
