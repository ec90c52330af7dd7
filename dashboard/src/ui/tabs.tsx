/**
 * A small set of mutually exclusive choices shown as buttons (aria-pressed), e.g. Devices /
 * Browsers / Languages, in a fieldset named by its legend. Plain buttons rather than the ARIA tab
 * pattern: each choice swaps the panel's content in place and needs no arrow-key roving focus.
 */
export function Choice<T extends string>({
  label,
  options,
  value,
  onChange,
}: {
  label: string;
  options: { value: T; label: string }[];
  /** None pressed when undefined (the choice is made elsewhere, e.g. a select beside it). */
  value: T | undefined;
  onChange: (v: T) => void;
}) {
  return (
    <fieldset class="choice">
      <legend class="visually-hidden">{label}</legend>
      {options.map((o) => (
        <button key={o.value} type="button" aria-pressed={o.value === value} onClick={() => onChange(o.value)}>
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}
