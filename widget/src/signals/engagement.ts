import { ENGAGEMENT_MIN_SEND_MS, MAX_ENGAGEMENT_MS } from '@loupe/shared/constants';
import { type Core, subscribe } from '../core.js';
import type { Scope } from '../scope.js';

/**
 * Engagement time: only while the tab is visible and the document has focus. Sent on hide,
 * blur and before each SPA page view, and only when ≥ 3 s are new or the scroll depth grew
 * (Plausible). `engagedMs` is the time since the previous engagement event: the server sums.
 * Scroll depth: `core._depth()`, read at send time (so after load). `started` (performance.now()
 * when the signals started) opens the first stretch, if the page is visible and focused now.
 */
export function trackEngagement(core: Core, scope: Scope, started: number): void {
  let engaged = 0;
  /** When the current visible and focused stretch began (performance.now() > 0), else 0. */
  let since = 0;
  let sentDepth = 0;
  const tick = () => {
    const now = performance.now();
    if (since) engaged += now - since;
    since = document.visibilityState === 'visible' && document.hasFocus() ? now : 0;
  };
  const send = () => {
    tick();
    const depth = core._depth();
    if (engaged >= ENGAGEMENT_MIN_SEND_MS || depth > sentDepth) {
      core._emit({
        type: 'engagement',
        engagedMs: Math.min(Math.round(engaged), MAX_ENGAGEMENT_MS),
        scrollDepth: depth,
      });
      engaged = 0;
      sentDepth = depth;
    }
  };
  tick();
  if (since) since = started;
  // Not capture: window's own focus/blur, not every element's.
  scope._on(window, 'focus', tick, false);
  scope._on(window, 'blur', send, false);
  scope._on(document, 'visibilitychange', tick);
  subscribe(core, scope, 'hide', send);
  subscribe(core, scope, 'nav', send);
  subscribe(core, scope, 'pv', () => {
    tick();
    engaged = sentDepth = 0;
  });
}
