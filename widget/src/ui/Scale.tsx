import { SCORE_RANGES } from '@loupe/shared/constants';
import type { PublicPrompt } from '@loupe/shared';
import { Component, createRef } from 'preact';
import { Face } from './Face.js';
import { scaleLook, scoreBand } from './score-look.js';

export interface ScaleProps {
  prompt: PublicPrompt;
  /** [lowest, highest] end labels. */
  labels: [string, string];
  labelledBy: string;
  rtl: boolean;
  chosen?: number;
  onChoose(score: number): void;
}

/** The scores of a prompt's scale, lowest first. */
export function scoresOf(kind: PublicPrompt['kind']): number[] {
  const [min, max] = SCORE_RANGES[kind];
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}

/**
 * The score as an ARIA radiogroup of buttons with a roving tabindex: one Tab stop; arrows, Home
 * and End move focus; Space or Enter (a button's click) chooses. Arrows only move focus here,
 * unlike native radios, because choosing sends the score at once. Focus draws the focus ring and
 * nothing else, so a focused option never looks chosen; stars light up to the chosen one, and to
 * the pointer's star while it hovers. Every option's accessible name carries the scale meaning, e.g.
 * "0 – Not at all likely". A class component, as PromptCard (which says why).
 */
export class Scale extends Component<ScaleProps, { focusIndex: number }> {
  /** The option with the Tab stop: the chosen one's when it mounts, else the first. */
  override state = { focusIndex: Math.max(this._chosenIndex(), 0) };
  private _group = createRef<HTMLDivElement>();

  private _scores() {
    return scoresOf(this.props.prompt.kind);
  }

  private _chosenIndex() {
    const { chosen } = this.props;
    return chosen === undefined ? -1 : this._scores().indexOf(chosen);
  }

  private _move(to: number) {
    const count = this._scores().length;
    const i = (to + count) % count;
    this.setState({ focusIndex: i });
    (this._group.current!.children[i] as HTMLElement).focus();
  }

  private _onKeyDown = (e: KeyboardEvent) => {
    const { rtl } = this.props;
    const steps: Record<string, number> = {
      ArrowRight: rtl ? -1 : 1,
      ArrowDown: 1,
      ArrowLeft: rtl ? 1 : -1,
      ArrowUp: -1,
    };
    const last = this._scores().length - 1;
    const to =
      e.key in steps ? this.state.focusIndex + steps[e.key]! : e.key === 'Home' ? 0 : e.key === 'End' ? last : NaN;
    if (!Number.isNaN(to)) {
      e.preventDefault();
      this._move(to);
    }
  };

  render() {
    const { prompt, labels, labelledBy, chosen, onChoose } = this.props;
    const { focusIndex } = this.state;
    const scores = this._scores();
    const chosenIndex = this._chosenIndex();
    const look = scaleLook(prompt);
    // Stars light up to the chosen one (the pointer's preview on hover is the stylesheet's).
    const optionClass = (i: number, score: number) =>
      `${look === 'stars' && i <= chosenIndex ? 'lit ' : ''}${prompt.appearance.colorScale ? scoreBand(prompt.kind, score) : ''}`;

    return (
      <>
        <div
          role="radiogroup"
          aria-labelledby={labelledBy}
          class={`scale ${look}`}
          ref={this._group}
          onKeyDown={this._onKeyDown}
        >
          {scores.map((score, i) => (
            // biome-ignore lint/a11y/useSemanticElements: the ARIA radio pattern (roving tabindex, arrow keys) on buttons drawn as numbers, stars or faces, which a native radio input is not.
            <button
              type="button"
              role="radio"
              aria-checked={score === chosen}
              tabIndex={i === focusIndex ? 0 : -1}
              aria-label={
                i === 0
                  ? `${score} – ${labels[0]}`
                  : i === scores.length - 1
                    ? `${score} – ${labels[1]}`
                    : String(score)
              }
              class={optionClass(i, score)}
              onClick={() => onChoose(score)}
              onFocus={() => this.setState({ focusIndex: i })}
            >
              {look === 'stars' ? '★' : look === 'faces' ? <Face i={i} /> : score}
            </button>
          ))}
        </div>
        <div class="ends" aria-hidden="true">
          <span>{labels[0]}</span>
          <span>{labels[1]}</span>
        </div>
      </>
    );
  }
}
