import { documentMemory } from '../document-memory.js';
import { guard } from '../guard.js';
import type { Core } from '../core.js';
import type { Scope } from '../scope.js';
import type { VitalsLoader } from '../vitals/vitals-module.js';
import { warn } from '../warn.js';

/**
 * Web Vitals, started only after the page's `load` event so they never compete with the page's own
 * loading (the Web Vitals code reads buffered performance entries, so nothing is missed). `load` brings the
 * code: already in widget.js for the script tag (startup-parts.ts); a chunk in the ES module build.
 * Runs in the signals' code: nothing is reported before `load`, so the loader needn't carry it.
 */
export function trackVitals(core: Core, scope: Scope, load: VitalsLoader): void {
  const begin = () =>
    scope._later(() => {
      load().then(
        guard((m: Awaited<ReturnType<VitalsLoader>>) => {
          if (scope._dead) return;
          // Called from the Web Vitals code's observers and listeners: guarded like every entry point.
          m.startVitals(
            scope,
            guard((name, value, rating, navigationType) => {
              // Each start measures the document's load afresh from buffered entries: the FCP,
              // TTFB (and LCP, CLS, INP if final) it finds again are the same values, not new
              // page loads (document-memory.ts).
              const key = `${name} ${value} ${navigationType}`;
              const memory = documentMemory();
              if (memory.r.includes(key)) return;
              memory.r.push(key);
              // The metrics describe the document's load, not a later SPA route.
              core._emit({ type: 'vital', name, value, rating, navigationType, ...core._landing });
            }),
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
