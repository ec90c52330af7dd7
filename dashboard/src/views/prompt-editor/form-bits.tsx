import type { ComponentChildren } from 'preact';
import { describedBy, Field } from '../../ui/field.js';

/** The API's path of a field (`targeting.include.0.value`) as an element id. */
export const pathId = (path: string) => `pf-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;

export type Errors = Record<string, string>;

interface Common {
  path: string;
  label: ComponentChildren;
  hint?: string;
  errors: Errors;
}

export function TextInput({
  path,
  label,
  hint,
  errors,
  value,
  onInput,
  type = 'text',
  inputMode,
  placeholder,
  lang,
  dir,
  multiline,
  list,
  class: cls,
}: Common & {
  value: string;
  onInput: (v: string) => void;
  type?: string;
  inputMode?: 'numeric' | 'decimal' | 'text' | 'url';
  placeholder?: string;
  lang?: string;
  dir?: 'ltr' | 'rtl';
  multiline?: boolean;
  /** A <datalist> id of suggestions (single-line inputs). */
  list?: string;
  class?: string;
}) {
  const id = pathId(path);
  const error = errors[path];
  const attrs = { ...describedBy(id, { hint: Boolean(hint), error }), value, placeholder, lang, dir };
  return (
    <Field id={id} label={label} hint={hint} error={error} class={cls}>
      {multiline ? (
        <textarea {...attrs} rows={2} onInput={(e) => onInput(e.currentTarget.value)} />
      ) : (
        <input
          {...attrs}
          type={type}
          inputMode={inputMode}
          list={list}
          onInput={(e) => onInput(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

/** A whole number typed as text: what is typed is what the server checks. */
export const NumberInput = (props: Omit<Parameters<typeof TextInput>[0], 'inputMode' | 'type'>) => (
  <TextInput {...props} inputMode="numeric" class={`narrow${props.class ? ` ${props.class}` : ''}`} />
);

export function CheckInput({
  path,
  label,
  errors,
  checked,
  onChange,
  hint,
}: Common & { checked: boolean; onChange: (v: boolean) => void }) {
  const id = pathId(path);
  const error = errors[path];
  return (
    <div class={`field check${error ? ' invalid' : ''}`} data-field={id}>
      <label>
        <input
          type="checkbox"
          {...describedBy(id, { hint: Boolean(hint), error })}
          checked={checked}
          onChange={(e) => onChange(e.currentTarget.checked)}
        />{' '}
        {label}
      </label>
      {hint && (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function SelectInput<T extends string>({
  path,
  label,
  hint,
  errors,
  value,
  options,
  onChange,
  disabled,
}: Common & { value: T; options: { value: T; label: string }[]; onChange: (v: T) => void; disabled?: boolean }) {
  const id = pathId(path);
  const error = errors[path];
  return (
    <Field id={id} label={label} hint={hint} error={error}>
      <select
        {...describedBy(id, { hint: Boolean(hint), error })}
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.currentTarget.value as T)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
