// Entry of the lazily loaded scrub chunk (see scrub-chunk-api.ts).
export { scrubEvent } from '@loupe/shared/scrub-event';
