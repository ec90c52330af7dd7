import type { ComponentChildren } from 'preact';
import { ApiError } from '../api/api-error.js';
import { t } from '../i18n/catalogue.js';

/** A placeholder with the shape of what is coming, announced once to screen readers. */
export function LoadingState({ rows = 3 }: { rows?: number }) {
  return (
    <div class="loading" role="status" aria-live="polite">
      <span class="visually-hidden">{t('app.loading')}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} class="skeleton" aria-hidden="true" />
      ))}
    </div>
  );
}

export function ErrorState({ message, action }: { message: string; action?: { label: string; run: () => void } }) {
  return (
    <div class="state state-error" role="alert">
      <p class="state-title">{t('app.error.title')}</p>
      <p>{message}</p>
      {action && (
        <button type="button" class="button" onClick={action.run}>
          {action.label}
        </button>
      )}
    </div>
  );
}

/** The words for an API error a person can act on (the problem's own detail otherwise). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('app.error.network');
    if (error.status === 429) return t('app.error.rateLimited', { seconds: error.retryAfter ?? 60 });
    return error.message;
  }
  return String((error as Error)?.message ?? error);
}

export function ApiErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  return <ErrorState message={errorMessage(error)} action={retry && { label: t('app.retry'), run: retry }} />;
}

export function EmptyState({ title, children }: { title?: string; children?: ComponentChildren }) {
  return (
    <div class="state state-empty">
      {title && <p class="state-title">{title}</p>}
      {children}
    </div>
  );
}
