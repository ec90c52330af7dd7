import { svg } from './h.js';

/**
 * CSAT faces are drawn, not emoji: emoji depend on the visitor's fonts (Debian's Chromium without
 * an emoji font showed empty boxes). The mouth bends from a frown (i = 0) to a smile (i = 4).
 */
export const face = (i: number) =>
  svg(
    'svg',
    {
      viewBox: '0 0 24 24',
      width: 28,
      height: 28,
      'aria-hidden': true,
      fill: 'none',
      stroke: 'currentColor',
      'stroke-width': 1.8,
      'stroke-linecap': 'round',
    },
    svg('circle', { cx: 12, cy: 12, r: 10 }),
    svg('path', { d: `M9 9.5v1M15 9.5v1M7.5 ${16 - i / 2}q4.5 ${(i - 2) * 2} 9 0` }),
  );
