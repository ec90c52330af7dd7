// Injected by build.mjs into the vitals chunk only (esbuild `inject` + `define`): web-vitals'
// bare `addEventListener`, `PerformanceObserver`, `setTimeout`, `requestAnimationFrame` and
// `requestIdleCallback` resolve to these recording versions, so `release()` can undo everything
// web-vitals added to the page (it has no teardown API of its own). The host's globals are not
// touched: this is aliasing inside our own bundle, not patching.

/** Read through globalThis, never `self`: bundlers may evaluate this module during SSR (Node). */
const g = globalThis as typeof globalThis & Window;

let released = false;
const undo: (() => void)[] = [];
/** Callbacks not run yet, by id: cancelled on release (idle ones run on hide, see runIdleWorkOnHide). */
const timers = new Map<number, unknown>();
const frames = new Map<number, unknown>();
const idles = new Map<number, IdleRequestCallback>();

function pending<F>(map: Map<number, F>, fn: F, start: (done: () => void) => number): number {
  if (released) return 0;
  const id: number = start(() => map.delete(id));
  map.set(id, fn);
  return id;
}

export function addEventListener(
  type: string,
  listener: EventListenerOrEventListenerObject,
  options?: boolean | AddEventListenerOptions,
): void {
  if (released) return;
  self.addEventListener(type, listener, options);
  undo.push(() => self.removeEventListener(type, listener, options));
}

export function removeEventListener(
  type: string,
  listener: EventListenerOrEventListenerObject,
  options?: boolean | EventListenerOptions,
): void {
  self.removeEventListener(type, listener, options);
}

export class PerformanceObserver extends ((g.PerformanceObserver || Object) as typeof globalThis.PerformanceObserver) {
  constructor(callback: PerformanceObserverCallback) {
    super(callback);
    undo.push(() => this.disconnect());
  }
}

export function setTimeout(fn: () => void, ms?: number): number {
  return pending(timers, fn, (done) =>
    self.setTimeout(() => {
      done();
      fn();
    }, ms),
  );
}

export function requestAnimationFrame(fn: FrameRequestCallback): number {
  return pending(frames, fn, (done) =>
    self.requestAnimationFrame((t) => {
      done();
      fn(t);
    }),
  );
}

export const trackedRequestIdleCallback =
  typeof g.requestIdleCallback === 'function' &&
  ((fn: IdleRequestCallback, options?: IdleRequestOptions): number =>
    pending(idles, fn, (done) =>
      self.requestIdleCallback((d) => {
        done();
        fn(d);
      }, options),
    ));

/**
 * web-vitals processes interactions (INP) in idle time, and reports its final values when the
 * page is hidden from listeners added before that idle work was queued, so they run first: a
 * visitor who clicks and leaves before the page has been idle (a busy page, a quick exit) took
 * the interaction with them (web-vitals 6 only bounds the wait, to 1 s). Idle work still pending
 * when the page is hidden therefore runs at once, from a listener added before any of web-vitals'
 * own (call this first).
 */
export function runIdleWorkOnHide(): void {
  addEventListener(
    'visibilitychange',
    () => {
      if (document.visibilityState !== 'hidden') return;
      for (const [id, fn] of idles) {
        idles.delete(id);
        cancelIdleCallback(id);
        fn({ didTimeout: true, timeRemaining: () => 0 });
      }
    },
    true,
  );
}

export function isReleased(): boolean {
  return released;
}

export function release(): void {
  released = true;
  for (const f of undo.splice(0)) f();
  for (const id of timers.keys()) clearTimeout(id);
  for (const id of frames.keys()) cancelAnimationFrame(id);
  for (const id of idles.keys()) cancelIdleCallback(id);
}
