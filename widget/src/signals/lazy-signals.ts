import type { Core } from '../core.js';
import { guard } from '../guard.js';
import type { Scope } from '../scope.js';
import { warn } from '../warn.js';
import type { VitalsLoader } from '../vitals/vitals-module.js';
import type { SignalsLoader } from './signals-chunk-api.js';

/** Errors kept while the chunk loads: enough for a start-up failure, bounded for an error loop. */
const MAX_EARLY_ERRORS = 20;

/**
 * Clicks, errors, engagement and the Web Vitals start come from signals-chunk.ts: in widget.js for
 * the script tag (startup-parts.ts, a microtask away), a chunk imported right after start in the
 * ES module build. Until it is ready, raw `error` / `unhandledrejection` events are buffered (by
 * addEventListener: host handlers keep running) and handed over, so start-up errors are not lost.
 * (Vitals need no buffer: they start after `load` and read the buffered performance
 * entries. Engagement counts from `started`: the chunk's download is not lost time.)
 */
export function trackLazySignals(core: Core, scope: Scope, load: SignalsLoader, vitals: VitalsLoader): void {
  const started = performance.now();
  let early: Event[] | undefined = [];
  const keep = (e: Event) => early && early.length < MAX_EARLY_ERRORS && early.push(e);
  if (!core._cfg.disable.includes('errors')) {
    scope._on(window, 'error', keep);
    scope._on(window, 'unhandledrejection', keep);
  }
  load().then(
    guard((m: Awaited<ReturnType<SignalsLoader>>) => {
      if (scope._dead) return;
      m.start(core, scope, started, early!, vitals);
      early = undefined;
    }),
    (err: unknown) => {
      if (__DEV__) warn('could not load the signals chunk', err);
    },
  );
}
