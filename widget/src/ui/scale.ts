import { SCORE_RANGES } from '@loupe/shared/constants';
import type { PublicPrompt } from '@loupe/shared';
import { face } from './face.js';
import { h } from './h.js';
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
 * "0 – Not at all likely". Returns the group and the end labels under it; the card draws them
 * anew when the chosen score changes.
 */
export function scale({ prompt, labels, labelledBy, rtl, chosen, onChoose }: ScaleProps): HTMLElement[] {
  const scores = scoresOf(prompt.kind);
  const last = scores.length - 1;
  const chosenIndex = chosen === undefined ? -1 : scores.indexOf(chosen);
  const look = scaleLook(prompt);
  /** The option with the Tab stop: the chosen one at first, else the first; then the focused one. */
  let focusIndex = Math.max(chosenIndex, 0);
  const rove = (i: number) => {
    focusIndex = i;
    for (const [j, b] of buttons.entries()) b.tabIndex = j === i ? 0 : -1;
  };
  const buttons = scores.map((score, i) =>
    h(
      'button',
      {
        type: 'button',
        role: 'radio',
        'aria-checked': score === chosen,
        tabindex: i === focusIndex ? 0 : -1,
        'aria-label': i === 0 ? `${score} – ${labels[0]}` : i === last ? `${score} – ${labels[1]}` : score,
        // Stars light up to the chosen one (the pointer's preview on hover is the stylesheet's).
        class: `${look === 'stars' && i <= chosenIndex ? 'lit ' : ''}${prompt.appearance.colorScale ? scoreBand(prompt.kind, score) : ''}`,
        onclick: () => onChoose(score),
        onfocus: () => rove(i),
      },
      look === 'stars' ? '★' : look === 'faces' ? face(i) : score,
    ),
  );
  const steps: Record<string, number> = {
    ArrowRight: rtl ? -1 : 1,
    ArrowDown: 1,
    ArrowLeft: rtl ? 1 : -1,
    ArrowUp: -1,
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const to = e.key in steps ? focusIndex + steps[e.key]! : e.key === 'Home' ? 0 : e.key === 'End' ? last : NaN;
    if (Number.isNaN(to)) return;
    e.preventDefault();
    const i = (to + scores.length) % scores.length;
    rove(i);
    buttons[i]!.focus();
  };
  return [
    // The ARIA radio pattern (roving tabindex, arrow keys) on buttons drawn as numbers, stars or faces, which a native radio input is not.
    h(
      'div',
      { role: 'radiogroup', 'aria-labelledby': labelledBy, class: `scale ${look}`, onkeydown: onKeyDown },
      ...buttons,
    ),
    h('div', { class: 'ends', 'aria-hidden': true }, h('span', null, labels[0]), h('span', null, labels[1])),
  ];
}
