/**
 * Text inside a `data-loupe-mask` subtree is never read. (Field values never are, anywhere:
 * Loupe reads no input, select or textarea value at all, so password, hidden and card/SSN-like
 * fields need no rule of their own; the only "value" read is a submit button's label.)
 */
export function isMasked(el: Element): boolean {
  return !!el.closest('[data-loupe-mask]');
}

/**
 * Global Privacy Control or Do Not Track: keep no persistent id and send no behavioural signals
 * (unless the site owner sets `data-ignore-dnt`, or the visitor explicitly opted in).
 */
export function browserSaysDoNotTrack(): boolean {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  return nav.globalPrivacyControl === true || nav.doNotTrack === '1';
}
