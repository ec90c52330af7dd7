/**
 * Init script: headless Chromium pages are always visible, so (as web-vitals' own tests do) the
 * page's visibility is stubbed: `__setHidden(true)` makes document.visibilityState 'hidden' and
 * fires visibilitychange, exactly what Loupe listens to when a visitor switches tabs.
 */
export const VISIBILITY_STUB = `(() => {
  let hidden = false;
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
  Document.prototype.hasFocus = () => !hidden;
  window.__setHidden = (value) => {
    hidden = value;
    document.dispatchEvent(new Event('visibilitychange'));
  };
})();`;
