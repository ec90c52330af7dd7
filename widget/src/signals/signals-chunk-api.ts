import type { Core } from '../core.js';
import type { Scope } from '../scope.js';
import type { VitalsLoader } from '../vitals/vitals-module.js';

// The contract between the loader and the signals it starts (clicks, rage/dead/error
// clicks, JS and resource errors, engagement, and the start of Web Vitals). The two bundles share
// one renaming of `_` members (build.mjs), so the chunk works on the loader's own Core; only the
// module's export name (`start`) must stay unmangled.

export interface SignalsChunk {
  /**
   * Starts every group the site did not switch off (`core._cfg.disable`), adding every listener
   * and timer to `scope` (the loader's signals scope: disposing it stops them). `started`: performance.now() when the signals started
   * (engagement counts from there, not from the chunk's arrival); `early`: `error` and
   * `unhandledrejection` events that fired before the chunk was ready, oldest first; `vitals`
   * brings the Web Vitals code.
   */
  start(core: Core, scope: Scope, started: number, early: Event[], vitals: VitalsLoader): void;
}

export type SignalsLoader = () => Promise<SignalsChunk>;
