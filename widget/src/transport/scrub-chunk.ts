// The scrubber's part of the startup chunk (startup-chunk.ts), a chunk of its own in the ES module
// build (see scrub-chunk-api.ts).
export { scrubEvent } from '@loupe/shared/scrub-event';
