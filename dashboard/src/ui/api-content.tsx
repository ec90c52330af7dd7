import type { ComponentChildren } from 'preact';
import { ApiErrorState, EmptyState, LoadingState } from './states.js';

export interface ApiContentProps<T> {
  /** The read's latest answer and error (from useApi): an answer already shown outlives a later error. */
  data: T | undefined;
  error: unknown;
  /** Placeholder rows while the first answer loads. */
  rows?: number;
  /** An answer with nothing in it, said in words (`emptyTitle`) rather than as an empty table. */
  isEmpty?: (data: T) => boolean;
  emptyTitle?: string;
  children: (data: T) => ComponentChildren;
}

/** What a panel shows for one API read: the error, a placeholder while loading, or the answer. */
export function ApiContent<T>({ data, error, rows, isEmpty, emptyTitle, children }: ApiContentProps<T>) {
  if (error && !data) return <ApiErrorState error={error} />;
  if (!data) return <LoadingState rows={rows} />;
  if (isEmpty?.(data)) return <EmptyState title={emptyTitle} />;
  return <>{children(data)}</>;
}
