import { guard } from './guard.js';

/**
 * Everything Loupe adds to the page (listeners, timers, observers, patches) is registered in a
 * scope, so `destroy()` and `optOut()` can take every piece of it back.
 */
export interface Scope {
  /** Guarded listener; capture phase unless told otherwise, so host `stopPropagation` can't hide events. */
  _on<E extends Event = Event>(
    target: EventTarget,
    type: string,
    fn: (event: E) => void,
    options?: AddEventListenerOptions | boolean,
  ): void;
  /** Guarded `setTimeout`; returns a cancel function. A disposed scope starts no timers. */
  _later(fn: () => void, ms: number): () => void;
  /** Any other undo step, run once on dispose. */
  _add(undo: () => void): void;
  _dispose(): void;
  _dead: boolean;
}

export function createScope(): Scope {
  const undos: (() => void)[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const scope: Scope = {
    _dead: false,
    _on(target, type, fn, options = true) {
      const listener = guard(fn as (e: Event) => void);
      target.addEventListener(type, listener, options);
      undos.push(() => target.removeEventListener(type, listener, options));
    },
    _later(fn, ms) {
      if (scope._dead) return () => {};
      const id = setTimeout(() => {
        timers.delete(id);
        guard(fn)();
      }, ms);
      timers.add(id);
      return () => {
        clearTimeout(id);
        timers.delete(id);
      };
    },
    _add(undo) {
      undos.push(undo);
    },
    _dispose() {
      scope._dead = true;
      timers.forEach(clearTimeout);
      timers.clear();
      undos.splice(0).forEach((undo) => guard(undo)());
    },
  };
  return scope;
}
