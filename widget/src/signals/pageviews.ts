import type { NAVIGATION_KINDS } from '@loupe/shared/constants';
import { type Core, subscribe } from '../core.js';
import type { Scope } from '../scope.js';

type NavigationKind = (typeof NAVIGATION_KINDS)[number];

/** The initial page view, then one per SPA navigation (see navigation.ts). */
export function trackPageviews(core: Core, scope: Scope): void {
  // The release rides on page views only: the server keeps it per session, from the first.
  const view = (nav = 'load') =>
    core._emit({ type: 'pageview', release: core._cfg.release, nav: nav as NavigationKind });
  view();
  subscribe(core, scope, 'pv', view);
}
