// Entry of the scrub chunk of the ES module build (see scrub-chunk-api.ts); the script tag's
// widget.js bundles the scrubber itself (startup-parts.ts).
export { scrubEvent } from '@loupe/shared/scrub-event';
