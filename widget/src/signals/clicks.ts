import { ERROR_CLICK_WINDOW_MS } from '@loupe/shared/constants';
import { type Core, subscribe } from '../core.js';
import type { Scope } from '../scope.js';
import { createDeadClicks } from './dead-clicks.js';
import { type ClickInfo, describeClick, INTERACTIVE } from './describe-click.js';
import { createRageClicks } from './rage-clicks.js';

/**
 * Every trusted click (capture phase on window, so a host `stopPropagation` can't hide it),
 * plus the frustration signals derived from clicks: rage, dead and error clicks.
 */
export function trackClicks(core: Core, scope: Scope): void {
  const rage = createRageClicks(core, scope);
  const dead = createDeadClicks(core, scope);
  let last: { _t: number; _info: ClickInfo } | undefined;
  scope._on(window, 'click', (e: MouseEvent) => {
    // Retargeted to the outermost shadow host, so the selector resolves in the document.
    const target = e.target as Element;
    if (!e.isTrusted || !target.closest || target.closest('[data-loupe-ui]')) return;
    const el = target.closest(INTERACTIVE) || target;
    const info = describeClick(el, e);
    core._emit({ type: 'click', kind: 'click', ...info });
    last = { _t: performance.now(), _info: info };
    rage(el, e, info);
    dead(el, e, info);
  });
  // An uncaught error within 1 s of a click: the click probably caused it (Datadog).
  subscribe(core, scope, 'err', () => {
    if (last && performance.now() - last._t <= ERROR_CLICK_WINDOW_MS) {
      core._emit({ type: 'click', kind: 'error', ...last._info });
      last = undefined;
    }
  });
}
