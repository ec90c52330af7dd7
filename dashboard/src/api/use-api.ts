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
    setState((s) => ({ data: cached ?? s.data, error: undefined, loading: true, fresh: cached !== undefined }));
    const ctrl = new AbortController();
    api<T>(url, { signal: ctrl.signal }).then(
      (data) => {
        remember(url, data);
        setState({ data, error: undefined, loading: false, fresh: true });
      },
      (error: Error) => {
        if (ctrl.signal.aborted) return;
        setState((s) => ({ data: s.data, error: error as ApiError, loading: false, fresh: false }));
      },
    );
    return () => ctrl.abort();
  }, [url, version]);
  return state;
}
