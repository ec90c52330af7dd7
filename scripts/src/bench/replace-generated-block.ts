/**
 * `text` (README.md) with the block between `start` and `end` (both markers included) replaced by
 * `block`, which brings its own markers; throws when the markers are missing.
 */
export function replaceGeneratedBlock(text: string, start: string, end: string, block: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} block`);
  return text.slice(0, from) + block + text.slice(to + end.length);
}
