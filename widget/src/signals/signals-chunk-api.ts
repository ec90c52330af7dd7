import type { Core } from '../core.js';
import type { VitalsLoader } from '../vitals/vitals-module.js';

// The contract between the loader and the lazily loaded signals chunk (clicks, rage/dead/error
// clicks, JS and resource errors, engagement, and the start of Web Vitals). The two bundles share
// one renaming of `_` members (build.mjs), so the chunk works on the loader's own Core; only the
// module's export name (`start`) must stay unmangled.

export interface SignalsChunk {
  /**
   * Starts every group the site did not switch off (`core._cfg.disable`); returns the function
   * that removes every listener and timer. `started`: performance.now() when the signals started
   * (engagement counts from there, not from the chunk's arrival); `early`: `error` and
   * `unhandledrejection` events that fired before the chunk was ready, oldest first; `vitals`
   * imports the Web Vitals chunk.
   */
  start(core: Core, started: number, early: Event[], vitals: VitalsLoader): () => void;
}

export type SignalsLoader = () => Promise<SignalsChunk>;
