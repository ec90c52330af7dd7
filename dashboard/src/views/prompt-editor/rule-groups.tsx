import { st } from '../../i18n/studio-catalogue.js';
import { type DraftTriggers, emptyTriggers } from './prompt-draft.js';
import { CheckInput, type Errors, NumberInput, TextInput } from './form-bits.js';
import type { SectionProps } from './section-props.js';

const MAX_GROUPS = 5;

/** The conditions of one group (or of the top level): every one set must hold. */
export function TriggerFields({
  base,
  t,
  set,
  errors,
}: {
  base: string;
  t: DraftTriggers;
  set: (patch: Partial<DraftTriggers>) => void;
  errors: Errors;
}) {
  return (
    <div class="field-grid">
      <NumberInput
        path={`${base}.timeOnPageSeconds`}
        label={st('targeting.timeOnPage')}
        errors={errors}
        value={t.timeOnPageSeconds}
        onInput={(v) => set({ timeOnPageSeconds: v })}
      />
      <NumberInput
        path={`${base}.scrollPercent`}
        label={st('targeting.scroll')}
        errors={errors}
        value={t.scrollPercent}
        onInput={(v) => set({ scrollPercent: v })}
      />
      <NumberInput
        path={`${base}.minPageviews`}
        label={st('targeting.pageviews')}
        errors={errors}
        value={t.minPageviews}
        onInput={(v) => set({ minPageviews: v })}
      />
      <TextInput
        path={`${base}.afterTrack`}
        label={st('targeting.afterTrack')}
        hint={st('targeting.afterTrack.hint')}
        errors={errors}
        value={t.afterTrack}
        onInput={(v) => set({ afterTrack: v })}
      />
      <CheckInput
        path={`${base}.exitIntent`}
        label={st('targeting.exitIntent')}
        errors={errors}
        checked={t.exitIntent}
        onChange={(v) => set({ exitIntent: v })}
      />
      <CheckInput
        path={`${base}.afterFrustration`}
        label={st('targeting.afterFrustration')}
        errors={errors}
        checked={t.afterFrustration}
        onChange={(v) => set({ afterFrustration: v })}
      />
    </div>
  );
}

/** OR between rule groups: the prompt shows when any one group holds (and everything above does). */
export function RuleGroups({ draft, update, errors }: SectionProps) {
  const setGroup = (i: number, patch: Partial<DraftTriggers>) =>
    update((d) => ({ ...d, anyOf: d.anyOf.map((g, j) => (j === i ? { ...g, ...patch } : g)) }));
  return (
    <fieldset class="form-subsection" id="any-of">
      <legend>{st('groups.title')}</legend>
      <p class="field-hint">{st('groups.hint')}</p>
      {draft.anyOf.map((g, i) => (
        <div class="rule-group" key={i} data-group={i}>
          {i > 0 && (
            <p class="or-divider" aria-hidden="true">
              {st('groups.or')}
            </p>
          )}
          <div class="rule-group-head">
            <h4>{st('groups.group', { n: i + 1 })}</h4>
            <button
              type="button"
              class="button small"
              onClick={() => update((d) => ({ ...d, anyOf: d.anyOf.filter((_, j) => j !== i) }))}
              aria-label={st('groups.removeNamed', { n: i + 1 })}
            >
              {st('common.remove')}
            </button>
          </div>
          {errors[`targeting.anyOf.${i}`] && (
            <p class="field-error" role="alert">
              {errors[`targeting.anyOf.${i}`]}
            </p>
          )}
          <TriggerFields base={`targeting.anyOf.${i}`} t={g} set={(patch) => setGroup(i, patch)} errors={errors} />
        </div>
      ))}
      {errors['targeting.anyOf'] && (
        <p class="field-error" role="alert">
          {errors['targeting.anyOf']}
        </p>
      )}
      {draft.anyOf.length < MAX_GROUPS && (
        <button
          type="button"
          class="button small"
          onClick={() => update((d) => ({ ...d, anyOf: [...d.anyOf, emptyTriggers()] }))}
        >
          {st('groups.add')}
        </button>
      )}
    </fieldset>
  );
}
