import { MAX_COMMENT_LENGTH } from '@loupe/shared/constants';
import type { PublicPrompt } from '@loupe/shared';
import { Component, createRef } from 'preact';
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

interface PromptCardState {
  /** The chosen score, once there is one. */
  score?: number;
  step: number;
  comment: string;
  /** What the polite live region says. */
  announcement: string;
}

/**
 * A dialog in three steps: score (sent the moment it is chosen), optional follow-up comment (its
 * band's question, under the scale, which keeps the chosen score lit and lets the visitor change
 * it: the new score is sent again and the server keeps the newest), thanks. Escape or the
 * close button close it at any step. Focus moves in only when the prompt was asked for, and
 * between steps only when it is already inside; a polite live region announces it either way.
 *
 * A class component, not hooks: the prompt chunk then carries no `preact/hooks` (about 900 B
 * gzip of the bytes a prompted visitor downloads), and Scale is one too.
 */
export class PromptCard extends Component<PromptCardProps, PromptCardState> {
  override state: PromptCardState = { step: Step.Score, comment: '', announcement: '' };
  private _card = createRef<HTMLDivElement>();
  /** The first step has been entered (the prompt is open). */
  private _opened = false;
  /** Focus was inside when the visitor moved to another step (the focused control is gone after it). */
  private _focusWasInside = false;
  /** The current step's timer (the announcement's, or the thank-you's closing), or false. */
  private _timer: ReturnType<typeof setTimeout> | false = false;

  /** The language the prompt is shown in, and its texts in it. */
  private _texts = () => pickTexts(this.props.prompt, this.props.langs);

  // Each step moves focus to its first control in the same task as the render (componentDidMount
  // and componentDidUpdate run in the commit), so keys typed right after choosing a score land in
  // the comment box. The live region says the question once it is in the page (a region filled
  // as it appears goes unannounced); the thank-you is a status of its own and closes itself.
  private _enterStep() {
    const { step } = this.state;
    const first = this._card.current!.querySelector<HTMLElement>(
      step === Step.FollowUp ? 'textarea' : step === Step.Thanks ? '.question' : '[tabindex="0"]',
    );
    if (first && (this._opened ? this._focusWasInside : this.props.focusOnOpen)) first.focus();
    const question = this._texts()[1].question;
    this._timer = this._opened
      ? step === Step.Thanks && setTimeout(() => this.props.close(false), THANKS_MS)
      : setTimeout(() => this.setState({ announcement: question }), ANNOUNCE_DELAY_MS);
    this._opened = true;
  }

  private _leaveStep() {
    if (this._timer) clearTimeout(this._timer);
  }

  override componentDidMount() {
    this._enterStep();
  }

  /** A new step, or a new score on the follow-up step, is entered anew (focus, timers). */
  override componentDidUpdate(_: PromptCardProps, previous: PromptCardState) {
    if (previous.step === this.state.step && previous.score === this.state.score) return;
    this._leaveStep();
    this._enterStep();
  }

  override componentWillUnmount() {
    this._leaveStep();
  }

  private _noteFocus() {
    const el = this._card.current!;
    this._focusWasInside = el.contains((el.getRootNode() as ShadowRoot).activeElement);
  }

  private _choose = (s: number) => {
    const { prompt, send } = this.props;
    this._noteFocus();
    send({ type: 'response', kind: prompt.kind, score: s });
    this.setState({ score: s, step: followUpFor(prompt.kind, this._texts()[1], s) ? Step.FollowUp : Step.Thanks });
  };

  private _submit = (e: Event) => {
    const { prompt, send } = this.props;
    e.preventDefault();
    this._noteFocus();
    const text = this.state.comment.trim();
    if (text)
      send({
        type: 'response',
        kind: prompt.kind,
        score: this.state.score!,
        comment: text.slice(0, MAX_COMMENT_LENGTH),
      });
    this.setState({ step: Step.Thanks });
  };

  render() {
    const { prompt, close } = this.props;
    const { score, step, comment, announcement } = this.state;
    const [lang, texts] = this._texts();
    const messages = messagesFor(lang);
    const rtl = isRtl(lang);
    const followUp = score === undefined ? undefined : followUpFor(prompt.kind, texts, score);

    const dialog = (
      <div
        class={this.props.dark ? 'card dark' : 'card'}
        style={appearanceStyle(prompt.appearance)}
        role="dialog"
        aria-label={texts.question}
        lang={lang}
        dir={rtl ? 'rtl' : 'ltr'}
        ref={this._card}
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
              onChoose={this._choose}
            />
            {step === Step.FollowUp && (
              <form onSubmit={this._submit}>
                <label class="question" for="comment">
                  {followUp}
                </label>
                <textarea
                  id="comment"
                  maxLength={MAX_COMMENT_LENGTH}
                  value={comment}
                  onInput={(e) => this.setState({ comment: e.currentTarget.value })}
                  onKeyDown={(e) => e.key === 'Enter' && (e.metaKey || e.ctrlKey) && this._submit(e)}
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
    return this.props.modal ? <div class="backdrop">{dialog}</div> : dialog;
  }
}
