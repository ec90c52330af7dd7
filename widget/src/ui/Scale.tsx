import { SCORE_RANGES } from '@loupe/shared/constants';
import type { PublicPrompt } from '@loupe/shared';
import { useRef, useState } from 'preact/hooks';

/**
 * CSAT faces are drawn, not emoji: emoji depend on the visitor's fonts (Debian's Chromium without
 * an emoji font showed empty boxes). The mouth bends from a frown (i = 0) to a smile (i = 4).
 */
const Face = ({ i }: { i: number }) => (
  <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round">
    <circle cx="12" cy="12" r="10" />
    <path d={`M9 9.5v1M15 9.5v1M7.5 ${16 - i / 2}q4.5 ${(i - 2) * 2} 9 0`} />
  </svg>
);

export interface ScaleProps {
  prompt: PublicPrompt;
  /** [lowest, highest] end labels. */
  labels: [string, string];
  labelledBy: string;
  rtl: boolean;
  chosen?: number;
  onChoose(score: number): void;
}

/**
 * The score as an ARIA radiogroup of buttons with a roving tabindex: one Tab stop; arrows, Home
 * and End move focus; Space or Enter (a button's click) chooses. Arrows only move focus here,
 * unlike native radios, because choosing sends the score at once. Every option's accessible name
 * carries the scale meaning, e.g. "0 – Not at all likely".
 */
export function Scale({ prompt, labels, labelledBy, rtl, chosen, onChoose }: ScaleProps) {
  const [min, max] = SCORE_RANGES[prompt.kind];
  const scores = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  const [focus, setFocus] = useState(0);
  const [hover, setHover] = useState(-1);
  const group = useRef<HTMLDivElement>(null);
  const look = prompt.kind === 'csat' ? (prompt.style === 'faces' ? 'fa' : 'st') : prompt.kind === 'nps' ? 'n' : '';

  const move = (to: number) => {
    const i = (to + scores.length) % scores.length;
    setFocus(i);
    (group.current!.children[i] as HTMLElement).focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const steps: Record<string, number> = { ArrowRight: rtl ? -1 : 1, ArrowDown: 1, ArrowLeft: rtl ? 1 : -1, ArrowUp: -1 };
    const to = e.key in steps ? focus + steps[e.key]! : e.key === 'Home' ? 0 : e.key === 'End' ? scores.length - 1 : NaN;
    if (!Number.isNaN(to)) {
      e.preventDefault();
      move(to);
    }
  };

  return (
    <>
      <div role="radiogroup" aria-labelledby={labelledBy} class={`s ${look}`} ref={group} onKeyDown={onKeyDown} onMouseLeave={() => setHover(-1)}>
        {scores.map((score, i) => (
          // biome-ignore lint/a11y/useSemanticElements: the ARIA radio pattern (roving tabindex, arrow keys) on buttons drawn as numbers, stars or faces, which a native radio input is not.
          <button
            type="button"
            role="radio"
            aria-checked={score === chosen}
            tabIndex={i === focus ? 0 : -1}
            aria-label={i === 0 ? `${score} – ${labels[0]}` : score === max ? `${score} – ${labels[1]}` : String(score)}
            class={(look === 'st' ? i <= hover : look === 'fa' && i === hover) ? 'on' : ''}
            onClick={() => onChoose(score)}
            onFocus={() => {
              setFocus(i);
              setHover(i);
            }}
            onBlur={() => setHover(-1)}
            onMouseEnter={() => setHover(i)}
          >
            {look === 'st' ? '★' : look === 'fa' ? <Face i={i} /> : score}
          </button>
        ))}
      </div>
      <div class="e" aria-hidden="true">
        <span>{labels[0]}</span>
        <span>{labels[1]}</span>
      </div>
    </>
  );
}
