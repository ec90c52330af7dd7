import { useEffect, useState } from 'preact/hooks';
import { api } from './api-client.js';
import type { ApiError } from './api-error.js';

export interface ApiState<T> {
  /** The latest answer; while a new URL loads, the previous answer stays (figures do not blink). */
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Whether `data` answers the current URL (false while a new period or filter loads). */
  fresh: boolean;
}

/** Answers by URL, so going back to a view shows it at once (and revalidates). Bounded. */
const cache = new Map<string, unknown>();
const CACHE_MAX = 60;
function remember(url: string, data: unknown): void {
  cache.delete(url);
  cache.set(url, data);
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value as string);
}
/** After a change (a response resolved), every cached read may be stale. */
export function forgetCachedAnswers(): void {
  cache.clear();
  unclaimed.clear();
  // Requests already under way may answer from before the change: later asks start afresh.
  inflight.clear();
}

/**
 * URLs prefetched that no view has asked for yet. The first to ask takes that answer (in flight
 * or arrived) as it is: it was asked for moments ago for this very view, and asking again would
 * double the server's work while the rest of the page loads. Later asks revalidate as usual.
 */
const unclaimed = new Set<string>();

/** Requests in flight by URL: two panels (or a prefetch and a panel) asking the same share one. */
const inflight = new Map<string, { promise: Promise<unknown>; ctrl: AbortController; users: number }>();

function request(url: string): { promise: Promise<unknown>; release: () => void } {
  let entry = inflight.get(url);
  if (!entry) {
    const ctrl = new AbortController();
    const promise = api<unknown>(url, { signal: ctrl.signal }).then((data) => {
      remember(url, data);
      return data;
    });
    const settle = () => inflight.get(url) === entry && inflight.delete(url);
    promise.then(settle, settle);
    entry = { promise, ctrl, users: 0 };
    inflight.set(url, entry);
  }
  const e = entry;
  e.users += 1;
  let released = false;
  return {
    promise: e.promise,
    // The request is aborted only when nobody waits for it any more.
    release: () => {
      if (released) return;
      released = true;
      e.users -= 1;
      if (e.users === 0 && inflight.get(url) === e) {
        inflight.delete(url);
        e.ctrl.abort();
      }
    },
  };
}

/**
 * Starts loading URLs a view is about to show, so its panels' requests run in parallel with the
 * one that decides what the view shows first.
 */
export function prefetch(urls: string[]): void {
  for (const url of urls) {
    if (cache.has(url) || inflight.has(url)) continue;
    unclaimed.add(url);
    void request(url).promise.catch(() => undefined);
  }
}

/**
 * GETs `url` (null: nothing to load) and re-fetches when it changes or `version` moves; the
 * request of a URL that is no longer wanted is aborted, so a late answer never overwrites a newer one.
 */
export function useApi<T>(url: string | null, version = 0): ApiState<T> {
  const [state, setState] = useState<ApiState<T>>(() => ({
    data: url ? (cache.get(url) as T | undefined) : undefined,
    error: undefined,
    loading: url !== null,
    fresh: url !== null && cache.has(url),
  }));
  useEffect(() => {
    if (url === null) {
      setState({ data: undefined, error: undefined, loading: false, fresh: false });
      return;
    }
    const cached = cache.get(url) as T | undefined;
    if (unclaimed.delete(url) && cached !== undefined) {
      setState({ data: cached, error: undefined, loading: false, fresh: true });
      return;
    }
    setState((s) => ({ data: cached ?? s.data, error: undefined, loading: true, fresh: cached !== undefined }));
    let live = true;
    const { promise, release } = request(url);
    promise.then(
      (data) => live && setState({ data: data as T, error: undefined, loading: false, fresh: true }),
      (error: Error) => {
        if (!live || error.name === 'AbortError') return;
        setState((s) => ({ data: s.data, error: error as ApiError, loading: false, fresh: false }));
      },
    );
    return () => {
      live = false;
      release();
    };
  }, [url, version]);
  return state;
}
