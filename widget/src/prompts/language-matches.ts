/** `en` targets `en`, `en-GB` and `en-US`; `en-GB` targets only `en-GB` (case-insensitive). */
export function languageMatches(visitor: string, wanted: string): boolean {
  return `${visitor}-`.toLowerCase().startsWith(`${wanted}-`.toLowerCase());
}
