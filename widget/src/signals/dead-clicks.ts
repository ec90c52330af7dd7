import {
  DEAD_CLICK_MUTATION_WINDOW_MS,
  DEAD_CLICK_NAVIGATION_WINDOW_MS,
  DEAD_CLICK_SCROLL_SELECTION_WINDOW_MS,
} from '@loupe/shared/constants';
import { type Core, subscribe } from '../core.js';
import type { Scope } from '../scope.js';
import { type ClickInfo, INTERACTIVE } from './describe-click.js';

/**
 * A click on something clickable-looking (not a link with href, not a form field or a button
 * that submits one, no modifier key) followed by no DOM mutation within 2.5 s, no scroll or
 * selection change within 100 ms and no navigation or hide within 1 s (PostHog dead clicks).
 * Mutations inside Loupe's own UI (`[data-loupe-ui]`) don't count. One click is watched at a
 * time: a newer click replaces it, so repeated clicks on a dead button give one dead click
 * (and a rage click).
 */
export function createDeadClicks(core: Core, scope: Scope) {
  let watched: { _t: number; _stop: () => void } | undefined;
  const observer = new MutationObserver((records) => {
    const own = (n: Node) => (n instanceof Element ? n : n.parentElement)?.closest('[data-loupe-ui]');
    if (records.some((r) => !own(r.target))) live(Infinity);
  });
  /** If the watched click is at most `within` ms old, it was live: stop watching it. */
  const live = (within: number) => {
    if (watched && performance.now() - watched._t <= within) {
      watched._stop();
      watched = undefined;
      observer.disconnect();
    }
  };
  scope._add(() => live(Infinity));
  const scrolled = () => live(DEAD_CLICK_SCROLL_SELECTION_WINDOW_MS);
  scope._on(window, 'scroll', scrolled, { capture: true, passive: true });
  scope._on(document, 'selectionchange', scrolled);
  const navigated = () => live(DEAD_CLICK_NAVIGATION_WINDOW_MS);
  subscribe(core, scope, 'nav', navigated);
  subscribe(core, scope, 'hide', navigated);

  return (el: Element, e: MouseEvent, info: ClickInfo) => {
    const clickable = el.matches(INTERACTIVE)
      ? !el.matches('a[href],input,select,textarea,label') && !(el as HTMLButtonElement).form
      : getComputedStyle(el).cursor === 'pointer';
    if (!clickable || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    live(Infinity);
    watched = {
      _t: performance.now(),
      _stop: scope._later(() => {
        live(Infinity);
        core._emit({ type: 'click', kind: 'dead', ...info });
      }, DEAD_CLICK_MUTATION_WINDOW_MS),
    };
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  };
}
