import { st } from '../../i18n/studio-catalogue.js';
import type { DraftRule } from './prompt-draft.js';
import { type Errors, SelectInput, TextInput } from './form-bits.js';

const MATCHES = ['prefix', 'exact', 'wildcard', 'regex'] as const;

/** One list of URL rules (include or exclude): match type and value per rule. */
export function UrlRules({
  which,
  rules,
  onChange,
  errors,
  verdicts,
}: {
  which: 'include' | 'exclude';
  rules: DraftRule[];
  onChange: (r: DraftRule[]) => void;
  errors: Errors;
  verdicts?: (boolean | undefined)[];
}) {
  const set = (i: number, patch: Partial<DraftRule>) =>
    onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div class="rules" data-rules={which}>
      <p class="rules-title">{st(`targeting.${which}`)}</p>
      <p class="field-hint">{st(`targeting.${which}.hint`)}</p>
      {rules.map((r, i) => {
        const path = `targeting.${which}.${i}`;
        const v = verdicts?.[i];
        return (
          <div class="rule-row" key={i} data-rule={i} data-matches={v === undefined ? undefined : String(v)}>
            <SelectInput
              path={`${path}.match`}
              label={st('targeting.match')}
              errors={errors}
              value={r.match}
              options={MATCHES.map((m) => ({ value: m, label: st(`targeting.match.${m}`) }))}
              onChange={(m) => set(i, { match: m })}
            />
            <TextInput
              path={`${path}.value`}
              label={st('targeting.value')}
              errors={errors}
              value={r.value}
              onInput={(value) => set(i, { value })}
              placeholder="/checkout"
            />
            {v !== undefined && (
              <span class={`rule-verdict ${v ? 'yes' : 'no'}`}>{v ? st('tester.matches') : st('tester.noMatch')}</span>
            )}
            <button
              type="button"
              class="button small align-end"
              onClick={() => onChange(rules.filter((_, j) => j !== i))}
              aria-label={st('targeting.removeRule', { n: i + 1 })}
            >
              {st('common.remove')}
            </button>
          </div>
        );
      })}
      {errors[`targeting.${which}`] && (
        <p class="field-error" role="alert">
          {errors[`targeting.${which}`]}
        </p>
      )}
      <button type="button" class="button small" onClick={() => onChange([...rules, { match: 'prefix', value: '' }])}>
        {st(`targeting.add.${which}`)}
      </button>
    </div>
  );
}
