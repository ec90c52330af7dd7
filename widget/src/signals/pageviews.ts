import type { NAVIGATION_KINDS } from '@loupe/shared/constants';
import { type Core, subscribe } from '../core.js';
import type { Scope } from '../scope.js';

type NavigationKind = (typeof NAVIGATION_KINDS)[number];

/** The initial page view, then one per SPA navigation (see navigation.ts). */
export function trackPageviews(core: Core, scope: Scope): void {
  const view = (nav = 'load') => core._emit({ type: 'pageview', nav: nav as NavigationKind });
  view();
  subscribe(core, scope, 'pv', view);
}
