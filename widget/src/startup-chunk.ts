// Entry of the startup chunk, which the loader imports right after start on every page (see
// startup-chunk-api.ts): the scrubber every event passes, the signals (clicks, errors, engagement)
// and the Web Vitals code, which runs only after `load`. One file rather than three: all three are
// downloaded on every page anyway, and one request with one compressed stream is smaller than three
// (the three compress against each other's text). The ES module build keeps them apart
// (esm-api.ts), where the site's bundler decides.
export { scrubEvent } from './transport/scrub-chunk.js';
export { start } from './signals/signals-chunk.js';
export { startVitals } from './vitals/vitals-chunk.js';
