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
 * text selection within 100 ms and no navigation or hide within 1 s (PostHog dead clicks).
 * Mutations inside Loupe's own UI (`[data-loupe-ui]`) don't count. The mutation observer runs
 * only while a click is being watched.
 */
export function createDeadClicks(core: Core, scope: Scope) {
  let watched: number[] = [];
  const observer = new MutationObserver((records) => {
    const own = (n: Node) => {
      const el = n instanceof Element ? n : n.parentElement;
      return el && el.closest('[data-loupe-ui]');
    };
    if (records.some((r) => !own(r.target))) live(Infinity);
  });
  /** Clicks at most `within` ms old were live: stop watching them. */
  const live = (within: number) => {
    const now = performance.now();
    watched = watched.filter((t) => now - t > within);
    if (!watched.length) observer.disconnect();
  };
  scope._add(() => live(Infinity));
  const scrolled = () => live(DEAD_CLICK_SCROLL_SELECTION_WINDOW_MS);
  scope._on(window, 'scroll', scrolled, { capture: true, passive: true });
  // Only a real selection: any click on text moves the (collapsed) caret, which says nothing.
  scope._on(document, 'selectionchange', () => {
    const selection = getSelection();
    if (!selection || !selection.isCollapsed) scrolled();
  });
  const navigated = () => live(DEAD_CLICK_NAVIGATION_WINDOW_MS);
  subscribe(core, scope, 'nav', navigated);
  subscribe(core, scope, 'hide', navigated);

  return (el: Element, e: MouseEvent, info: ClickInfo) => {
    const clickable = el.matches(INTERACTIVE)
      ? !el.matches('a[href],input,select,textarea,label') && !(el as HTMLButtonElement).form
      : getComputedStyle(el).cursor === 'pointer';
    if (!clickable || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    const t = performance.now();
    watched.push(t);
    observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    scope._later(() => {
      if (!watched.includes(t)) return;
      watched = watched.filter((x) => x !== t);
      live(-1); // forgets nothing more; disconnects when nothing is left to watch
      core._emit({ type: 'click', kind: 'dead', ...info });
    }, DEAD_CLICK_MUTATION_WINDOW_MS);
  };
}
