import { ENGAGEMENT_MIN_SEND_MS, MAX_ENGAGEMENT_MS } from '@loupe/shared/constants';
import { type Core, subscribe } from '../core.js';
import type { Scope } from '../scope.js';

/**
 * Engagement time: only while the tab is visible and the document has focus. Sent on hide,
 * blur and before each SPA page view, and only when ≥ 3 s are new or the scroll depth grew
 * (Plausible). `engagedMs` is the time since the previous engagement event: the server sums.
 * Scroll depth is the deepest point seen ÷ document height, read at send time (so after load).
 */
export function trackEngagement(core: Core, scope: Scope): void {
  let engaged = 0;
  let since: number | undefined;
  let bottom = 0;
  let sentDepth = 0;
  const scrolled = () => {
    bottom = Math.max(bottom, scrollY + innerHeight);
  };
  const tick = () => {
    const now = performance.now();
    if (since !== undefined) engaged += now - since;
    since = document.visibilityState === 'visible' && document.hasFocus() ? now : undefined;
  };
  const send = () => {
    tick();
    scrolled();
    const depth = Math.min(100, Math.round((bottom / document.documentElement.scrollHeight) * 100)) || 0;
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
  scrolled();
  // Not capture: the document's own scroll and window's own focus/blur, not every element's.
  scope._on(window, 'scroll', scrolled, { passive: true });
  scope._on(window, 'focus', tick, false);
  scope._on(window, 'blur', send, false);
  scope._on(document, 'visibilitychange', tick);
  subscribe(core, scope, 'hide', send);
  subscribe(core, scope, 'nav', send);
  subscribe(core, scope, 'pv', () => {
    tick();
    engaged = sentDepth = bottom = 0;
    scrolled();
  });
}
