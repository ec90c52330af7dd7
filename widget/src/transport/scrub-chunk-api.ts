// The contract between the loader and the scrubber (in widget.js for the script tag,
// startup-parts.ts; a chunk of its own in the ES module build): the one scrubber of `@loupe/shared/scrub-event`,
// which the server runs again. Every event waits for it: nothing leaves the browser unscrubbed.
// Only the module's export name (`scrubEvent`) crosses between the bundles.

export interface ScrubChunk {
  /** A copy of the event with every string scrubbed and cut to its member's limit. */
  scrubEvent<T extends object>(event: T): T;
}

export type ScrubLoader = () => Promise<ScrubChunk>;
