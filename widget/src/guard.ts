import { warn } from './warn.js';

/**
 * Wraps a callback so nothing it throws reaches the host page: a host `window.onerror` must
 * never see Loupe's own failures, and a bug in one signal must not break the others.
 */
export function guard<A extends unknown[]>(fn: (...args: A) => unknown): (...args: A) => void {
  return (...args) => {
    try {
      fn(...args);
    } catch (err) {
      if (__DEV__) warn(err);
    }
  };
}
