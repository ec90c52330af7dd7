import { RAGE_CLICK_INTERVAL_MS, RAGE_CLICK_MIN_COUNT, RAGE_CLICK_RADIUS_PX } from '@loupe/shared/constants';
import { type Core, subscribe } from '../core.js';
import type { Scope } from '../scope.js';
import type { ClickInfo } from './describe-click.js';

/** Steppers and pagers are meant to be clicked fast (PostHog excludes them too). */
const STEPPER = /^([<>+\-−–‹›«»]|next|prev(ious)?)$|increment|decrement|increase|decrease/i;

/**
 * ≥ 3 clicks, each within 1 s and 30 px of the previous (PostHog $rageclick). One event per
 * burst, sent when the burst ends, with its final count. Not on fields that take typing or
 * dragging (repeated clicks there select text) and not on steppers.
 */
export function createRageClicks(core: Core, scope: Scope) {
  let burst: { _x: number; _y: number; _t: number; _n: number; _info: ClickInfo } | undefined;
  let cancel: (() => void) | undefined;
  const end = () => {
    if (cancel) cancel();
    if (burst && burst._n >= RAGE_CLICK_MIN_COUNT) {
      core._emit({ type: 'click', kind: 'rage', ...burst._info, count: burst._n });
    }
    burst = undefined;
  };
  subscribe(core, scope, 'hide', end);
  return (el: Element, e: MouseEvent, info: ClickInfo) => {
    const textField =
      el.matches('input,textarea,select,[contenteditable]') &&
      !/^(button|submit|reset|checkbox|radio|image|file|color)$/.test((el as HTMLInputElement).type);
    if (textField || STEPPER.test(el.getAttribute('aria-label') || el.textContent!.trim())) return;
    const t = performance.now();
    const x = e.clientX;
    const y = e.clientY;
    if (
      burst &&
      t - burst._t <= RAGE_CLICK_INTERVAL_MS &&
      Math.hypot(x - burst._x, y - burst._y) <= RAGE_CLICK_RADIUS_PX
    ) {
      burst._n++;
    } else {
      end();
    }
    burst = { _x: x, _y: y, _t: t, _n: (burst && burst._n) || 1, _info: info };
    if (cancel) cancel();
    // +1: a click exactly 1 s later is still "within 1 s", so the burst may not end before it.
    cancel = scope._later(end, RAGE_CLICK_INTERVAL_MS + 1);
  };
}
