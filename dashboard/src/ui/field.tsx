import type { ComponentChildren } from 'preact';
import { ApiError } from '../api/api-error.js';

/**
 * A form field: its label, an optional hint, and the API's message for it, tied to the control by
 * aria-describedby and aria-invalid. `id` is the control's id; the control itself is the child.
 */
export function Field({
  id,
  label,
  hint,
  error,
  children,
  class: cls,
}: {
  id: string;
  label: ComponentChildren;
  hint?: string;
  error?: string;
  children: ComponentChildren;
  class?: string;
}) {
  return (
    <div class={`field${error ? ' invalid' : ''}${cls ? ` ${cls}` : ''}`} data-field={id}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p class="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** aria attributes for the control of a Field. */
export const describedBy = (id: string, opts: { hint?: boolean; error?: string }) => ({
  id,
  'aria-invalid': opts.error ? true : undefined,
  'aria-describedby':
    [opts.hint ? `${id}-hint` : '', opts.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined,
});

/**
 * The field messages of a 400 problem by path without the `body.` prefix (`texts.vi.question`),
 * plus `''` for a message that concerns no single field (or a failure that is not a 400).
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return error ? { '': String((error as Error).message ?? error) } : {};
  if (error.fields.length === 0) return { '': error.message };
  const out: Record<string, string> = {};
  for (const f of error.fields) {
    const path = f.path.replace(/^body\.?/, '');
    out[path] = out[path] ? `${out[path]}; ${f.message}` : f.message;
  }
  return out;
}

/** A form's message that concerns no single field (fieldErrors' `''`), announced when it appears. */
export function FormError({ error }: { error: string | undefined }) {
  return error ? (
    <p class="form-error" role="alert">
      {error}
    </p>
  ) : null;
}

/** A form's submit button and, after a submission went through, what happened (announced). */
export function SubmitRow({
  label,
  busy,
  status,
}: {
  label: string;
  busy?: boolean;
  status: string | false | undefined;
}) {
  return (
    <div class="form-actions">
      <button class="button primary" type="submit" disabled={busy}>
        {label}
      </button>
      {status && (
        <span class="saved" role="status">
          {status}
        </span>
      )}
    </div>
  );
}
