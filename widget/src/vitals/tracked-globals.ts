// Injected by build.mjs into the vitals chunk only (esbuild `inject` + `define`): web-vitals'
// bare `addEventListener`, `PerformanceObserver`, `setTimeout`, `requestAnimationFrame` and
// `requestIdleCallback` resolve to these recording versions, so `release()` can undo everything
// web-vitals added to the page (it has no teardown API of its own). The host's globals are not
// touched: this is aliasing inside our own bundle, not patching.

/** Read through globalThis, never `self`: bundlers may evaluate this module during SSR (Node). */
const g = globalThis as typeof globalThis & Window;

let released = false;
const undo: (() => void)[] = [];
const timers = new Set<number>();
const frames = new Set<number>();
const idles = new Set<number>();

function pending(set: Set<number>, start: (done: () => void) => number): number {
  if (released) return 0;
  const id: number = start(() => set.delete(id));
  set.add(id);
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
  return pending(timers, (done) =>
    self.setTimeout(() => {
      done();
      fn();
    }, ms),
  );
}

export function requestAnimationFrame(fn: FrameRequestCallback): number {
  return pending(frames, (done) =>
    self.requestAnimationFrame((t) => {
      done();
      fn(t);
    }),
  );
}

export const trackedRequestIdleCallback =
  typeof g.requestIdleCallback === 'function' &&
  ((fn: IdleRequestCallback, options?: IdleRequestOptions): number =>
    pending(idles, (done) =>
      self.requestIdleCallback((d) => {
        done();
        fn(d);
      }, options),
    ));

export function isReleased(): boolean {
  return released;
}

export function release(): void {
  released = true;
  for (const f of undo.splice(0)) f();
  for (const id of timers) clearTimeout(id);
  for (const id of frames) cancelAnimationFrame(id);
  for (const id of idles) cancelIdleCallback(id);
}
