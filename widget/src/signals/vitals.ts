import { guard } from '../guard.js';
import type { Core } from '../core.js';
import type { Scope } from '../scope.js';
import type { VitalsLoader } from '../vitals/vitals-module.js';
import { warn } from '../warn.js';

/**
 * Web Vitals, from a chunk loaded only after the page's `load` event so it never competes with
 * the page's own loading (web-vitals reads buffered performance entries, so nothing is missed).
 * Runs in the signals chunk: nothing is reported before `load`, so the loader needn't carry it.
 */
export function trackVitals(core: Core, scope: Scope, load: VitalsLoader): void {
  const begin = () =>
    scope._later(() => {
      load().then(
        guard((m: Awaited<ReturnType<VitalsLoader>>) => {
          if (scope._dead) return;
          scope._add(
            // Called from web-vitals' observers and listeners: guarded like every entry point.
            m.start(
              guard((name, value, rating, navigationType) =>
                // The metrics describe the document's load, not a later SPA route.
                core._emit({ type: 'vital', name, value, rating, navigationType, ...core._landing }),
              ),
            ),
          );
        }),
        (err: unknown) => {
          if (__DEV__) warn('could not load the Web Vitals chunk', err);
        },
      );
    }, 0);
  if (document.readyState === 'complete') begin();
  else scope._on(window, 'load', begin);
}
