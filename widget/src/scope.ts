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
  // One set for every undo step, timers' cancels included: a timer that fires removes its own.
  const undos = new Set<() => void>();
  const scope: Scope = {
    _dead: false,
    _on(target, type, fn, options = true) {
      const listener = guard(fn as (e: Event) => void);
      target.addEventListener(type, listener, options);
      undos.add(() => target.removeEventListener(type, listener, options));
    },
    _later(fn, ms) {
      const id = setTimeout(() => {
        cancel();
        guard(fn)();
      }, ms);
      const cancel = () => {
        clearTimeout(id);
        undos.delete(cancel);
      };
      if (scope._dead) cancel();
      else undos.add(cancel);
      return cancel;
    },
    _add(undo) {
      undos.add(undo);
    },
    _dispose() {
      scope._dead = true;
      undos.forEach((undo) => {
        undos.delete(undo);
        guard(undo)();
      });
    },
  };
  return scope;
}
