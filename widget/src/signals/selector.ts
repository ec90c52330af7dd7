/** Attributes teams put on elements precisely so tests can find them: the most stable anchor. */
const TEST_ATTRIBUTE = /^data-(testid|test-id|test|cy|qa)$/;
/** Ids and classes with digits are usually generated (css-in-js hashes, framework counters). */
const GENERATED = /\d/;
/** Enough ancestry to be specific without chaining through the whole document. */
const MAX_DEPTH = 5;

/**
 * A CSS selector that survives re-renders and deploys (PostHog, Datadog): it stops at the first
 * test attribute or stable id; otherwise tag + stable classes (+ :nth-of-type among look-alikes).
 */
export function selectorOf(el: Element): string {
  const parts: string[] = [];
  for (let node: Element | null = el; node && parts.length < MAX_DEPTH; node = node.parentElement) {
    const tag: string = node.localName;
    const attr = Array.from(node.attributes).find((a) => TEST_ATTRIBUTE.test(a.name));
    const anchor = attr
      ? `[${attr.name}="${CSS.escape(attr.value)}"]`
      : node.id && !GENERATED.test(node.id) && `#${CSS.escape(node.id)}`;
    if (anchor) {
      parts.unshift(anchor);
      break;
    }
    let part = tag;
    for (const c of Array.from(node.classList)
      .filter((c) => !GENERATED.test(c))
      .slice(0, 3))
      part += `.${CSS.escape(c)}`;
    // Position only when siblings look the same, so inserting other elements keeps it stable.
    const siblings = Array.from((node.parentElement && node.parentElement.children) || []);
    if (siblings.filter((c) => c.matches(part)).length > 1) {
      part += `:nth-of-type(${siblings.filter((c) => c.localName === tag).indexOf(node) + 1})`;
    }
    parts.unshift(part);
    if (tag === 'body') break;
  }
  // Not cut here: every event passes the scrubber, which cuts `selector` to its limit.
  return parts.join('>');
}
