// What every page needs right after start, bundled into widget.js itself (boot.ts): the scrubber
// every event passes, the signals (clicks, errors, engagement) and the Web Vitals code, which runs
// only after `load`. Each used to be a chunk of its own, imported at once by every page: as one
// file with the loader they cost no extra request and compress against the loader's text. The ES
// module build (esm-api.ts) still imports each as a chunk, where the site's bundler decides.
import { scrubEvent } from '@loupe/shared/scrub-event';
import { start } from './signals/signals-chunk.js';
import { startVitals } from './vitals/vitals-chunk.js';

/** The three contracts at once (scrub-chunk-api.ts, signals-chunk-api.ts, vitals-module.ts). */
export const startupParts = { scrubEvent, start, startVitals };
