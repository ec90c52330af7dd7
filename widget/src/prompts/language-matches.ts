/** `en` targets `en`, `en-GB` and `en-US`; `en-GB` targets only `en-GB` (case-insensitive). */
export function languageMatches(visitor: string, wanted: string): boolean {
  const v = visitor.toLowerCase();
  const w = wanted.toLowerCase();
  return v == w || v.startsWith(w + '-');
}
