/**
 * Cut to a bound; `undefined` when empty so the member is omitted. The wire limits themselves are
 * applied after scrubbing (`scrubEvent`), so a secret is never cut in half before it is recognised:
 * bounds here only keep the work on page data small, at twice the limit.
 */
export function clip(text: string | null | undefined, max: number): string | undefined {
  return text ? text.slice(0, max) || undefined : undefined;
}
