import type { ResponseItem, ResponsesPage } from '@loupe/shared';
import { useEffect, useState } from 'preact/hooks';
import { api, withQuery } from '../../api/api-client.js';
import type { ApiError } from '../../api/api-error.js';

export interface ResponsePages {
  items: ResponseItem[];
  loading: boolean;
  error: ApiError | undefined;
  more: boolean;
  loadMore(): void;
  /** Replaces one item (after a change), or drops it when it no longer matches the filters. */
  update(item: ResponseItem, keep: boolean): void;
  reload(): void;
}

/** The inbox's answers, page by page (cursor pagination), restarted whenever the filters change. */
export function useResponsePages(url: string): ResponsePages {
  const [items, setItems] = useState<ResponseItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError | undefined>();
  const [version, setVersion] = useState(0);

  const fetchPage = (after: string | null, replace: boolean, signal?: AbortSignal) => {
    setLoading(true);
    setError(undefined);
    const sep = url.includes('?') ? '&' : '?';
    return api<ResponsesPage>(after ? `${url}${sep}${withQuery('', { cursor: after }).slice(1)}` : url, {
      signal,
    }).then(
      (page) => {
        setItems((prev) => (replace ? page.responses : [...prev, ...page.responses]));
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (err: Error) => {
        if (signal?.aborted) return;
        setError(err as ApiError);
        setLoading(false);
      },
    );
  };

  useEffect(() => {
    const ctrl = new AbortController();
    setItems([]);
    void fetchPage(null, true, ctrl.signal);
    return () => ctrl.abort();
  }, [url, version]);

  return {
    items,
    loading,
    error,
    more: cursor !== null,
    loadMore: () => void (cursor && !loading && fetchPage(cursor, false)),
    update: (item, keep) =>
      setItems((prev) =>
        keep ? prev.map((x) => (x.id === item.id ? item : x)) : prev.filter((x) => x.id !== item.id),
      ),
    reload: () => setVersion((v) => v + 1),
  };
}
