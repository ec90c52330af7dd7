/** What INP reads of an `event` (or `first-input`) performance entry. */
export interface InteractionEntry {
  interactionId?: number;
  duration: number;
  entryType: string;
}

/** web-vitals' bound: the 98th percentile of a page's interactions is among its 10 longest below 500. */
const KEPT = 10;

/**
 * Interaction to Next Paint: an interaction's latency is the longest duration of its event
 * entries (one `interactionId`); INP is the 98th percentile of the page's interactions, which is
 * estimated as web-vitals does: the longest, then one rank lower for every 50 interactions
 * (`count`, the browser's `performance.interactionCount`). Only the 10 longest are kept, so memory
 * stays bounded on a long-lived page. https://web.dev/articles/inp
 */
export function longestInteractions(): {
  _add(entry: InteractionEntry): void;
  _inp(count: number): number | undefined;
} {
  const longest: { _id?: number; _latency: number }[] = [];
  return {
    _add({ interactionId: id, duration, entryType }) {
      // Entries without an interaction (hover, scroll) are not interactions; `first-input` is the
      // first one even when its events were shorter than the observer's threshold.
      if (!id && entryType !== 'first-input') return;
      const known = longest.find((i) => i._id === id);
      if (known) known._latency = Math.max(known._latency, duration);
      else if (longest.length < KEPT || duration > longest[KEPT - 1]!._latency)
        longest.push({ _id: id, _latency: duration });
      longest.sort((a, b) => b._latency - a._latency).splice(KEPT);
    },
    _inp(count) {
      const candidate = longest[Math.min(longest.length - 1, Math.floor(count / 50))];
      return candidate && candidate._latency;
    },
  };
}
