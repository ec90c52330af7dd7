import { MAX_COMMENT_LENGTH } from '@loupe/shared/constants';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { isRtl, messagesFor } from '../i18n/messages-for.js';
import type { MountOptions } from '../prompts/prompt-chunk-api.js';
import { followUpFor } from './follow-up-for.js';
import { pickTexts } from './pick-texts.js';
import { Scale } from './Scale.js';

/** Seconds the thank-you stays before the prompt closes by itself. */
const THANKS_MS = 5000;

export interface PromptCardProps extends MountOptions {
  /** Removes the UI; `dismissed` when closed before any score. */
  close(dismissed: boolean): void;
}

/**
 * A non-modal dialog in three steps: score (sent the moment it is chosen), optional follow-up
 * comment (its band's question), thanks. Escape or the close button close it at any step.
 */
export function PromptCard(props: PromptCardProps) {
  const { prompt, close } = props;
  const [lang, texts] = pickTexts(prompt, props.langs);
  const m = messagesFor(lang);
  const rtl = isRtl(lang);
  const [score, setScore] = useState<number>();
  const [step, setStep] = useState(0);
  const [comment, setComment] = useState('');
  const card = useRef<HTMLDivElement>(null);
  const followUp = score === undefined ? undefined : followUpFor(prompt.kind, texts, score);

  // Each step moves focus to its first control in the same task as the render (a layout effect),
  // so keys typed right after choosing a score land in the comment box. The thank-you closes itself.
  useLayoutEffect(() => {
    const el = card.current!.querySelector<HTMLElement>(step === 1 ? 'textarea' : step ? '.q' : '[tabindex="0"]');
    if (el && (step || !busyTyping())) el.focus();
    if (step === 2) {
      const t = setTimeout(() => close(false), THANKS_MS);
      return () => clearTimeout(t);
    }
  }, [step]);

  const choose = (s: number) => {
    setScore(s);
    props.send({ type: 'response', kind: prompt.kind, score: s });
    setStep(followUpFor(prompt.kind, texts, s) ? 1 : 2);
  };
  const send = (e: Event) => {
    e.preventDefault();
    const text = comment.trim();
    if (text) props.send({ type: 'response', kind: prompt.kind, score: score!, comment: text.slice(0, MAX_COMMENT_LENGTH) });
    setStep(2);
  };

  return (
    <div
      class="c"
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
      {step === 0 ? (
        <>
          <p class="q" id="q">
            {texts.question}
          </p>
          <Scale
            prompt={prompt}
            labels={[texts.lowLabel || m[prompt.kind][0], texts.highLabel || m[prompt.kind][1]]}
            labelledBy="q"
            rtl={rtl}
            chosen={score}
            onChoose={choose}
          />
        </>
      ) : step === 1 ? (
        <form onSubmit={send}>
          <label class="q" for="t">
            {followUp}
          </label>
          <textarea
            id="t"
            maxLength={MAX_COMMENT_LENGTH}
            value={comment}
            onInput={(e) => setComment(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && (e.metaKey || e.ctrlKey) && send(e)}
          />
          <button type="submit" class="b">
            {m.send}
          </button>
        </form>
      ) : (
        <p class="q" role="status" tabIndex={-1}>
          {texts.thanks || m.thanks}
        </p>
      )}
      <button type="button" class="x" aria-label={m.close} onClick={() => close(score === undefined)}>
        ×
      </button>
    </div>
  );
}

/**
 * A prompt that appears on its own must not take the keystrokes of someone typing in a form: then
 * focus stays put and the prompt waits at the end of the Tab order.
 */
function busyTyping(): boolean {
  const el = document.activeElement as HTMLElement | null;
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}
