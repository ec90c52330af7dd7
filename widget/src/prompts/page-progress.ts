import type { Scope } from '../scope.js';

export interface PageProgress {
  /** Start a new page view: time, scroll depth and exit intent start over. */
  _reset(): void;
  /** Milliseconds this page view has been visible. */
  _visibleMs(): number;
  /** Deepest scroll of this page view, in percent (a page that does not scroll is at 100 %). */
  _depth(): number;
  /** The pointer left through the top of the window during this page view (desktop exit intent). */
  _exit: boolean;
}

/** The per-page-view measures the prompt rules need; `onExit` fires on exit intent. */
export function createPageProgress(scope: Scope, onExit: () => void): PageProgress {
  const doc = document.documentElement;
  let visible = 0;
  let since = 0;
  let depth = 0;
  const measure = () =>
    (depth = Math.max(depth, Math.min(100, ((scrollY + innerHeight) / Math.max(1, doc.scrollHeight)) * 100)));
  const p: PageProgress = {
    _reset() {
      visible = 0;
      depth = 0;
      p._exit = false;
      since = document.visibilityState == 'visible' ? Date.now() : 0;
    },
    _visibleMs: () => visible + (since && Date.now() - since),
    _depth: measure,
    _exit: false,
  };
  scope._on(document, 'visibilitychange', () => {
    if (document.visibilityState == 'visible') since ||= Date.now();
    else (visible += since && Date.now() - since), (since = 0);
  });
  scope._on(window, 'scroll', measure, { passive: true, capture: true });
  // relatedTarget null: the pointer left the document, not just an element; clientY ≤ 0: upwards,
  // towards the tabs and the address bar (the usual definition of exit intent).
  scope._on<MouseEvent>(document, 'mouseout', (e) => {
    if (!e.relatedTarget && e.clientY <= 0 && !p._exit) {
      p._exit = true;
      onExit();
    }
  });
  p._reset();
  return p;
}
