import type { Core } from './core.js';
import { guard } from './guard.js';
import { publish } from './hub.js';
import { currentPage } from './page.js';
import type { Scope } from './scope.js';

/**
 * SPA navigation: a new page view whenever pushState / replaceState / popstate (and hashchange
 * with hash routing) changes the path. Wrapping the two history methods is the only patch Loupe
 * makes to the page; the originals are always called first, unchanged.
 */
export function trackNavigation(core: Core, scope: Scope): void {
  let pathname = location.pathname;
  const check = (nav: string) => {
    const next = currentPage(core._cfg.hashRouting, core._page.url);
    if (next.path !== core._page.path) {
      publish(core._hub, 'nav'); // the previous page is still current: flush what belongs to it
      core._page = next;
      pathname = location.pathname;
      publish(core._hub, 'pv', nav);
    }
    // After the page view: the prompt rules read the page from `core._page`.
    publish(core._hub, 'url');
  };
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    // Normally inherited from History.prototype: then undoing means deleting our own property.
    // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is newer than the chrome80 target.
    const own = history.hasOwnProperty(method);
    const patched = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      if (!scope._dead) guard(check)(method.slice(0, -5)); // 'push' or 'replace'
      return result;
    };
    history[method] = patched;
    scope._add(() => {
      // If another script wrapped ours since, unwrapping would cut its chain: stay, inert.
      if (history[method] === patched) {
        if (own) history[method] = original;
        else delete (history as Partial<History>)[method];
      }
    });
  }
  scope._on(window, 'popstate', () => {
    // Chrome fires popstate before hashchange for fragment moves: with hash routing, leave those
    // to the hashchange listener so they are labelled 'hash'.
    if (!core._cfg.hashRouting || location.pathname !== pathname) check('pop');
  });
  if (core._cfg.hashRouting) scope._on(window, 'hashchange', () => check('hash'));
  // A page restored from the back/forward cache is a new view of it (no load event fires).
  scope._on(window, 'pageshow', (e: PageTransitionEvent) => {
    if (e.persisted) publish(core._hub, 'pv', 'load');
  });
}
