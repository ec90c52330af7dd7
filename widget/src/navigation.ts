import type { Core } from './core.js';
import { guard } from './guard.js';
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
    core._hub._pub('url');
    const next = currentPage(core._cfg._hash, core._page._url);
    if (next._path === core._page._path) return;
    core._hub._pub('nav'); // the previous page is still current: flush what belongs to it
    core._page = next;
    pathname = location.pathname;
    core._hub._pub('pv', nav);
  };
  for (const [method, nav] of [
    ['pushState', 'push'],
    ['replaceState', 'replace'],
  ] as const) {
    const original = history[method];
    // Normally inherited from History.prototype: then undoing means deleting our own property.
    const own = history.hasOwnProperty(method);
    let active = true;
    const patched = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      if (active) guard(check)(nav);
      return result;
    };
    history[method] = patched;
    scope._add(() => {
      active = false;
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
    if (!core._cfg._hash || location.pathname !== pathname) check('pop');
  });
  if (core._cfg._hash) scope._on(window, 'hashchange', () => check('hash'));
  // A page restored from the back/forward cache is a new view of it (no load event fires).
  scope._on(window, 'pageshow', (e: PageTransitionEvent) => {
    if (e.persisted) core._hub._pub('pv', 'load');
  });
}
