import type { SignalsChunk } from './signals/signals-chunk-api.js';
import type { ScrubChunk } from './transport/scrub-chunk-api.js';
import type { VitalsModule } from './vitals/vitals-module.js';

// The contract between the loader and the startup chunk (startup-chunk.ts): the three contracts
// it serves at once. The loader hands the same import to the transport (the scrubber), the signals
// and, through them, the Web Vitals start, so the browser fetches the file once.

export type StartupChunk = ScrubChunk & SignalsChunk & VitalsModule;

export type StartupLoader = () => Promise<StartupChunk>;
