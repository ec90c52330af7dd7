import { st } from '../../i18n/studio-catalogue.js';
import type { Draft } from './prompt-draft.js';
import { CheckInput, NumberInput, SelectInput } from './form-bits.js';
import type { SectionProps } from './section-props.js';

/** How often one visitor may see the prompt, and the waits after a display or a dismissal. */
export function FrequencySection({ draft, update, errors }: SectionProps) {
  const f = draft.frequency;
  const set = (patch: Partial<Draft['frequency']>) =>
    update((d) => ({ ...d, frequency: { ...d.frequency, ...patch } }));
  return (
    <fieldset class="form-section" id="frequency">
      <legend>{st('frequency.title')}</legend>
      <div class="field-grid">
        <SelectInput
          path="frequency.mode"
          label={st('frequency.mode')}
          errors={errors}
          value={f.mode}
          options={(['until_answered', 'once', 'recurring'] as const).map((m) => ({
            value: m,
            label: st(`frequency.mode.${m}`),
          }))}
          onChange={(mode) => set({ mode, ...(mode !== 'recurring' ? { everyDays: '' } : {}) })}
        />
        {f.mode === 'recurring' && (
          <NumberInput
            path="frequency.everyDays"
            label={st('frequency.everyDays')}
            errors={errors}
            value={f.everyDays}
            onInput={(v) => set({ everyDays: v })}
          />
        )}
        <NumberInput
          path="frequency.dismissWaitDays"
          label={st('frequency.dismissWait')}
          hint={st('frequency.dismissWait.hint')}
          errors={errors}
          value={f.dismissWaitDays}
          onInput={(v) => set({ dismissWaitDays: v })}
        />
      </div>
      <CheckInput
        path="frequency.ignoreGlobalCooldown"
        label={st('frequency.ignoreCooldown')}
        hint={st('frequency.ignoreCooldown.hint')}
        errors={errors}
        checked={f.ignoreGlobalCooldown}
        onChange={(v) => set({ ignoreGlobalCooldown: v })}
      />
    </fieldset>
  );
}
